package io.tandem.change.asset;

import io.smallrye.mutiny.Uni;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.Relation;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The local copy of inventory's assets (from {@code inventory.assets}) and the relations between them: asset ids
 * are validated, risk, keys and maintenance windows read, and blast radii walked here without calling inventory.
 */
@ApplicationScoped
public class AssetDirectory {

    /**
     * Stores an asset's latest state; an older state than the one stored (a replay) changes nothing. True when the
     * state was stored.
     */
    public Uni<Boolean> upsert(SqlClient db, Asset asset) {
        MaintenanceWindow window = MaintenanceWindow.parse(asset.tags().get(MaintenanceWindow.TAG));
        UUID[] targets = asset.relations().stream().map(Relation::targetId).distinct().toArray(UUID[]::new);
        return db.preparedQuery("""
                        INSERT INTO asset (id, name, criticality, keys, maintenance_window, updated_at)
                        VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (id) DO UPDATE SET name = excluded.name, criticality = excluded.criticality,
                               keys = excluded.keys, maintenance_window = excluded.maintenance_window,
                               updated_at = excluded.updated_at
                         WHERE asset.updated_at <= excluded.updated_at
                        RETURNING id
                        """)
                .execute(Tuple.tuple().addUUID(asset.id()).addString(asset.name())
                        .addValue(asset.criticality() == null ? null : asset.criticality().shortValue())
                        .addArrayOfString(AssetKeys.of(asset).toArray(String[]::new))
                        .addString(window == null ? null : window.toString())
                        .addValue(asset.updatedAt().atOffset(ZoneOffset.UTC)))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().item(false)
                        : db.preparedQuery("DELETE FROM asset_relation WHERE source_id = $1").execute(Tuple.of(asset.id()))
                        .chain(() -> db.preparedQuery("""
                                        INSERT INTO asset_relation (source_id, target_id)
                                        SELECT $1, t FROM unnest($2::uuid[]) AS t
                                        """)
                                .execute(Tuple.of(asset.id(), targets)))
                        .replaceWith(true));
    }

    public Uni<Void> delete(SqlClient db, UUID id) {
        return db.preparedQuery("DELETE FROM asset WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** The known ones of {@code ids}, by id. */
    public Uni<Map<UUID, KnownAsset>> find(SqlClient db, List<UUID> ids) {
        return db.preparedQuery("SELECT id, name, criticality, keys, maintenance_window FROM asset WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, KnownAsset> found = new LinkedHashMap<>();
                    rows.forEach(row -> found.put(row.getUUID("id"), asset(row)));
                    return found;
                });
    }

    /** The asset whose keys include one of {@code keys}, if any. */
    public Uni<KnownAsset> findByKey(SqlClient db, List<String> keys) {
        return db.preparedQuery("""
                        SELECT id, name, criticality, keys, maintenance_window FROM asset WHERE keys && $1
                         ORDER BY id LIMIT 1
                        """)
                .execute(Tuple.of(keys.toArray(String[]::new)))
                .map(rows -> rows.size() == 0 ? null : asset(rows.iterator().next()));
    }

    /**
     * The blast radius of changing {@code ids} in both directions: the assets themselves, everything that depends
     * on them (inventory's impact: the relation edges walked backwards) and everything they depend on, because a
     * change there reaches them.
     */
    public Uni<Set<UUID>> related(SqlClient db, List<UUID> ids) {
        return db.preparedQuery("""
                        WITH RECURSIVE dependents(id) AS (
                            SELECT unnest($1::uuid[])
                            UNION
                            SELECT r.source_id FROM asset_relation r JOIN dependents d ON r.target_id = d.id
                        ), dependencies(id) AS (
                            SELECT unnest($1::uuid[])
                            UNION
                            SELECT r.target_id FROM asset_relation r JOIN dependencies d ON r.source_id = d.id
                        )
                        SELECT id FROM dependents UNION SELECT id FROM dependencies
                        """)
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> related = new HashSet<>();
                    rows.forEach(row -> related.add(row.getUUID("id")));
                    return related;
                });
    }

    private static KnownAsset asset(Row row) {
        Short criticality = row.getShort("criticality");
        String[] keys = row.getArrayOfStrings("keys");
        return new KnownAsset(row.getUUID("id"), row.getString("name"),
                criticality == null ? null : criticality.intValue(), keys == null ? List.of() : new ArrayList<>(List.of(keys)),
                MaintenanceWindow.parse(row.getString("maintenance_window")));
    }
}
