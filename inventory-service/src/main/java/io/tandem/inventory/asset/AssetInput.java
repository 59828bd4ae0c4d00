package io.tandem.inventory.asset;

import io.tandem.model.Wire;
import io.tandem.model.asset.AssetType;
import io.tandem.model.asset.Identifier;
import io.tandem.model.asset.Identifiers;
import io.tandem.model.asset.Lifecycle;
import io.tandem.model.asset.PrivilegeLevel;
import io.tandem.model.asset.Relation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A validated asset as a client wrote it (REST body, import row or discovery); null means "not given", which a
 * full replace reads as empty and an import merge reads as "keep what is there".
 *
 * @param keys       the normalized identifier keys, without duplicates
 * @param relations  null when the input did not mention relations
 */
public record AssetInput(
        String name,
        AssetType type,
        List<Identifier> identifiers,
        List<Identifiers.Key> keys,
        String environment,
        String ownerTeam,
        Integer criticality,
        String segment,
        Lifecycle lifecycle,
        Boolean managed,
        PrivilegeLevel privilegeLevel,
        Instant lastSeenAt,
        Instant lastPatchedAt,
        Map<String, String> tags,
        List<Relation> relations) {

    /** The id of every relation target, for the existence check. */
    public List<UUID> relationTargets() {
        return relations == null ? List.of() : relations.stream().map(Relation::targetId).distinct().toList();
    }

    /** What this input says about the asset, field by field, as one source's view for reconciliation. */
    public Map<String, String> reportedFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        put(fields, "name", name);
        put(fields, "type", type == null ? null : type.wire());
        put(fields, "environment", environment);
        put(fields, "ownerTeam", ownerTeam);
        put(fields, "criticality", criticality == null ? null : criticality.toString());
        put(fields, "segment", segment);
        put(fields, "lifecycle", lifecycle == null ? null : lifecycle.wire());
        put(fields, "managed", managed == null ? null : managed.toString());
        put(fields, "privilegeLevel", privilegeLevel == null ? null : ((Wire.Named) privilegeLevel).wire());
        put(fields, "lastPatchedAt", lastPatchedAt == null ? null : lastPatchedAt.toString());
        return fields;
    }

    private static void put(Map<String, String> fields, String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
    }
}
