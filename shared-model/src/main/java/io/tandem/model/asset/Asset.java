package io.tandem.model.asset;

import io.tandem.model.Require;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Latest state of an asset, as published on the compacted {@code inventory.assets} topic.
 *
 * @param criticality business criticality tier, 1 (most critical) to 4
 * @param managed     monitored and patched by someone
 * @param sources     which inventories know this asset ({@code cmdb}, {@code discovery}, ...)
 */
public record Asset(
        UUID id,
        String name,
        AssetType type,
        List<Identifier> identifiers,
        String environment,
        String ownerTeam,
        Integer criticality,
        String segment,
        Lifecycle lifecycle,
        boolean managed,
        PrivilegeLevel privilegeLevel,
        Instant lastSeenAt,
        Instant lastPatchedAt,
        Map<String, String> tags,
        List<String> sources,
        List<Relation> relations,
        Instant updatedAt) {

    public Asset {
        Require.present(id, "id");
        Require.text(name, "name");
        Require.present(type, "type");
        Require.present(lifecycle, "lifecycle");
        Require.present(updatedAt, "updatedAt");
        if (criticality != null && (criticality < 1 || criticality > 4)) {
            throw new IllegalArgumentException("criticality must be 1 to 4, was " + criticality);
        }
        identifiers = Require.list(identifiers);
        tags = Require.map(tags);
        sources = Require.list(sources);
        relations = Require.list(relations);
    }
}
