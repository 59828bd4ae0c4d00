package io.tandem.inventory.asset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.tandem.model.Wire;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.AssetType;
import io.tandem.model.asset.Identifier;
import io.tandem.model.asset.Identifiers;
import io.tandem.model.asset.Lifecycle;
import io.tandem.model.asset.PrivilegeLevel;
import io.tandem.model.asset.Relation;
import io.tandem.model.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * SQL over the reactive PostgreSQL client for assets, their identifiers, relations and sources. Every method
 * takes the connection of the caller's transaction; bulk writes go through {@code UNNEST} so an import of
 * thousands of rows is a handful of statements.
 */
@ApplicationScoped
public class AssetRepository {

    /** The full asset state, identifiers, relations and sources aggregated per row. */
    static final String SELECT = """
            SELECT a.id, a.name, a.type, a.environment, a.owner_team, a.criticality, a.segment, a.lifecycle, a.managed,
                   a.privilege_level, a.last_seen_at, a.last_patched_at, a.tags::text AS tags, a.updated_at,
                   (SELECT coalesce(json_agg(json_build_object('type', i.type, 'value', i.value) ORDER BY i.position, i.key), '[]')::text
                      FROM asset_identifier i WHERE i.asset_id = a.id AND NOT i.derived) AS identifiers,
                   (SELECT coalesce(json_agg(json_build_object('type', r.type, 'targetId', r.target_id) ORDER BY r.type, r.target_id), '[]')::text
                      FROM asset_relation r WHERE r.source_id = a.id) AS relations,
                   (SELECT coalesce(array_agg(s.source ORDER BY s.source), '{}')
                      FROM asset_source s WHERE s.asset_id = a.id) AS sources
              FROM asset a
            """;

    private static final TypeReference<List<Identifier>> IDENTIFIERS = new TypeReference<>() { };
    private static final TypeReference<List<Relation>> RELATIONS = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() { };

    public Uni<Asset> find(SqlClient db, UUID id) {
        return db.preparedQuery(SELECT + " WHERE a.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : toAsset(rows.iterator().next()));
    }

    /** The current state of each of {@code ids} that exists, in id order. */
    public Uni<List<Asset>> findAll(SqlClient db, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return db.preparedQuery(SELECT + " WHERE a.id = ANY($1) ORDER BY a.id")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(AssetRepository::toAsset).toList());
    }

    /** Locks the asset row for the rest of the transaction and returns its lifecycle, or null if it does not exist. */
    public Uni<Lifecycle> lock(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT lifecycle FROM asset WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null
                        : Wire.parse(Lifecycle.class, rows.iterator().next().getString("lifecycle")));
    }

    public Uni<List<Asset>> list(SqlClient db, AssetQuery query, Instant staleSeenBefore, Instant stalePatchedBefore) {
        List<String> where = new ArrayList<>();
        Tuple params = Tuple.tuple();
        if (query.type() != null) {
            where.add("a.type = $" + add(params, query.type().wire()));
        }
        if (query.environment() != null) {
            where.add("a.environment = $" + add(params, query.environment()));
        }
        if (query.ownerTeam() != null) {
            where.add("a.owner_team = $" + add(params, query.ownerTeam()));
        }
        if (query.lifecycle() != null) {
            where.add("a.lifecycle = $" + add(params, query.lifecycle().wire()));
        }
        if (query.managed() != null) {
            where.add(query.managed() ? "a.managed" : "NOT a.managed");
        }
        if (query.zombie()) {
            where.add("a.zombie_seen_at IS NOT NULL AND a.lifecycle = 'decommissioned'");
        }
        if (query.stale()) {
            where.add(staleCondition(params, staleSeenBefore, stalePatchedBefore));
        }
        if (query.text() != null) {
            int p = add(params, "%" + query.text().toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            where.add("(lower(a.name) LIKE $" + p + " OR EXISTS (SELECT 1 FROM asset_identifier i WHERE i.asset_id = a.id AND i.key LIKE $" + p + "))");
        }
        if (query.identifierKeys() != null) {
            where.add("a.id IN (SELECT i.asset_id FROM asset_identifier i WHERE i.key = ANY($"
                    + add(params, query.identifierKeys().toArray(String[]::new)) + "))");
        }
        if (query.after() != null) {
            where.add("a.id > $" + add(params, query.after()));
        }
        String sql = SELECT + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY a.id LIMIT $" + add(params, query.limit() + 1);
        return db.preparedQuery(sql).execute(params)
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(AssetRepository::toAsset).toList());
    }

    /**
     * Managed, active assets not seen since {@code seenBefore} or not patched since {@code patchedBefore}; an asset
     * never seen or never patched counts from its creation.
     */
    public static String staleCondition(Tuple params, Instant seenBefore, Instant patchedBefore) {
        int seen = add(params, utc(seenBefore));
        int patched = add(params, utc(patchedBefore));
        return "(a.managed AND a.lifecycle = 'active' AND (coalesce(a.last_seen_at, a.created_at) < $" + seen
                + " OR coalesce(a.last_patched_at, a.created_at) < $" + patched + "))";
    }

    /** Which asset owns each of {@code keys}, for the keys that are taken. */
    public Uni<Map<String, UUID>> owners(SqlClient db, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return db.preparedQuery("SELECT key, asset_id FROM asset_identifier WHERE key = ANY($1)")
                .execute(Tuple.of(keys.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, UUID> owners = new HashMap<>();
                    rows.forEach(row -> owners.put(row.getString("key"), row.getUUID("asset_id")));
                    return owners;
                });
    }

    /** Those of {@code ids} that exist. */
    public Uni<Set<UUID>> existing(SqlClient db, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return db.preparedQuery("SELECT id FROM asset WHERE id = ANY($1)").execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> found = new java.util.HashSet<>();
                    rows.forEach(row -> found.add(row.getUUID("id")));
                    return found;
                });
    }

    /** Inserts new assets; absent lifecycle and managed default to {@code active} and unmanaged. */
    public Uni<Void> insert(SqlClient db, List<UUID> ids, List<AssetInput> inputs, Instant now) {
        return db.preparedQuery("""
                        INSERT INTO asset (id, name, type, environment, owner_team, criticality, segment, lifecycle, managed,
                                           privilege_level, last_seen_at, last_patched_at, tags, created_at, updated_at)
                        SELECT u.id, u.name, u.type, u.env, u.owner, u.crit, u.seg, coalesce(u.lc, 'active'),
                               coalesce(u.managed, false), u.priv, u.seen, u.patched, coalesce(u.tags::jsonb, '{}'), $14, $14
                          FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[],
                                      $8::text[], $9::bool[], $10::text[], $11::timestamptz[], $12::timestamptz[], $13::text[])
                               AS u(id, name, type, env, owner, crit, seg, lc, managed, priv, seen, patched, tags)
                        """)
                .execute(columns(ids, inputs).addValue(utc(now))).replaceWithVoid();
    }

    /**
     * Updates existing assets from inputs. With {@code merge}, a field the input does not give keeps its value (an
     * import row); without, the input replaces the asset (PUT).
     */
    public Uni<Void> update(SqlClient db, List<UUID> ids, List<AssetInput> inputs, boolean merge, Instant now) {
        String sql = merge ? """
                UPDATE asset a SET name = coalesce(u.name, a.name), type = coalesce(u.type, a.type),
                       environment = coalesce(u.env, a.environment), owner_team = coalesce(u.owner, a.owner_team),
                       criticality = coalesce(u.crit, a.criticality), segment = coalesce(u.seg, a.segment),
                       lifecycle = coalesce(u.lc, a.lifecycle), managed = coalesce(u.managed, a.managed),
                       privilege_level = coalesce(u.priv, a.privilege_level),
                       last_seen_at = greatest(u.seen, a.last_seen_at),
                       last_patched_at = coalesce(u.patched, a.last_patched_at),
                       tags = coalesce(u.tags::jsonb, a.tags), updated_at = $14
                """ : """
                UPDATE asset a SET name = u.name, type = u.type, environment = u.env, owner_team = u.owner,
                       criticality = u.crit, segment = u.seg, lifecycle = coalesce(u.lc, a.lifecycle),
                       managed = coalesce(u.managed, false), privilege_level = u.priv,
                       last_seen_at = coalesce(u.seen, a.last_seen_at), last_patched_at = u.patched,
                       tags = coalesce(u.tags::jsonb, '{}'), updated_at = $14
                """;
        return db.preparedQuery(sql + """
                          FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[],
                                      $8::text[], $9::bool[], $10::text[], $11::timestamptz[], $12::timestamptz[], $13::text[])
                               AS u(id, name, type, env, owner, crit, seg, lc, managed, priv, seen, patched, tags)
                         WHERE a.id = u.id
                        """)
                .execute(columns(ids, inputs).addValue(utc(now))).replaceWithVoid();
    }

    private static Tuple columns(List<UUID> ids, List<AssetInput> inputs) {
        int n = inputs.size();
        String[] names = new String[n];
        String[] types = new String[n];
        String[] envs = new String[n];
        String[] owners = new String[n];
        Integer[] crits = new Integer[n];
        String[] segments = new String[n];
        String[] lifecycles = new String[n];
        Boolean[] managed = new Boolean[n];
        String[] privileges = new String[n];
        OffsetDateTime[] seen = new OffsetDateTime[n];
        OffsetDateTime[] patched = new OffsetDateTime[n];
        String[] tags = new String[n];
        for (int i = 0; i < n; i++) {
            AssetInput in = inputs.get(i);
            names[i] = in.name();
            types[i] = in.type() == null ? null : in.type().wire();
            envs[i] = in.environment();
            owners[i] = in.ownerTeam();
            crits[i] = in.criticality();
            segments[i] = in.segment();
            lifecycles[i] = in.lifecycle() == null ? null : in.lifecycle().wire();
            managed[i] = in.managed();
            privileges[i] = in.privilegeLevel() == null ? null : in.privilegeLevel().wire();
            seen[i] = utc(in.lastSeenAt());
            patched[i] = utc(in.lastPatchedAt());
            tags[i] = in.tags() == null ? null : new String(Json.write(in.tags()), java.nio.charset.StandardCharsets.UTF_8);
        }
        return Tuple.of(ids.toArray(UUID[]::new), names, types, envs, owners, crits).addValue(segments)
                .addValue(lifecycles).addValue(managed).addValue(privileges).addValue(seen).addValue(patched)
                .addValue(tags);
    }

    /**
     * Gives identifier keys to assets ({@code owners.get(i)} gets {@code keys.get(i)}). A key already held by the
     * same asset is refreshed; one held by another asset is left alone and returned, so the caller can report or
     * retry the conflict.
     */
    public Uni<List<String>> claim(SqlClient db, List<UUID> owners, List<Identifiers.Key> keys, List<Integer> positions) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = keys.size();
        String[] names = new String[n];
        String[] types = new String[n];
        String[] values = new String[n];
        Boolean[] derived = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Identifiers.Key key = keys.get(i);
            names[i] = key.key();
            types[i] = key.type().wire();
            values[i] = key.value();
            derived[i] = key.derived();
        }
        return db.preparedQuery("""
                        INSERT INTO asset_identifier (key, asset_id, type, value, derived, position)
                        SELECT * FROM UNNEST($1::text[], $2::uuid[], $3::text[], $4::text[], $5::bool[], $6::int[])
                        ON CONFLICT (key) DO UPDATE
                           SET type = EXCLUDED.type, value = EXCLUDED.value,
                               derived = asset_identifier.derived AND EXCLUDED.derived, position = EXCLUDED.position
                         WHERE asset_identifier.asset_id = EXCLUDED.asset_id
                        RETURNING key
                        """)
                .execute(Tuple.of(names, owners.toArray(UUID[]::new), types, values, derived,
                        positions.toArray(Integer[]::new)))
                .map(rows -> {
                    Set<String> claimed = new java.util.HashSet<>();
                    rows.forEach(row -> claimed.add(row.getString("key")));
                    return Arrays.stream(names).filter(k -> !claimed.contains(k)).distinct().toList();
                });
    }

    /** Drops the identifiers of {@code id} that are not among {@code keep}. */
    public Uni<Void> dropIdentifiersExcept(SqlClient db, UUID id, List<String> keep) {
        return db.preparedQuery("DELETE FROM asset_identifier WHERE asset_id = $1 AND NOT (key = ANY($2))")
                .execute(Tuple.of(id, keep.toArray(String[]::new))).replaceWithVoid();
    }

    /** Replaces the outgoing relations of {@code id}. */
    public Uni<Void> replaceRelations(SqlClient db, UUID id, List<Relation> relations) {
        Uni<Void> delete = db.preparedQuery("DELETE FROM asset_relation WHERE source_id = $1").execute(Tuple.of(id))
                .replaceWithVoid();
        if (relations.isEmpty()) {
            return delete;
        }
        String[] types = relations.stream().map(r -> r.type().wire()).toArray(String[]::new);
        UUID[] targets = relations.stream().map(Relation::targetId).toArray(UUID[]::new);
        return delete.chain(() -> db.preparedQuery("""
                        INSERT INTO asset_relation (source_id, type, target_id)
                        SELECT $1, t.type, t.target FROM UNNEST($2::text[], $3::uuid[]) AS t(type, target)
                        ON CONFLICT DO NOTHING
                        """)
                .execute(Tuple.of(id, types, targets)).replaceWithVoid());
    }

    /** Records what {@code source} says about each asset, replacing its earlier view. */
    public Uni<Void> recordSource(SqlClient db, List<UUID> ids, String source, List<Map<String, String>> fields, Instant now) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] json = fields.stream().map(f -> new String(Json.write(f), java.nio.charset.StandardCharsets.UTF_8))
                .toArray(String[]::new);
        return db.preparedQuery("""
                        INSERT INTO asset_source (asset_id, source, fields, seen_at)
                        SELECT u.id, $2, u.fields::jsonb, $4 FROM UNNEST($1::uuid[], $3::text[]) AS u(id, fields)
                        ON CONFLICT (asset_id, source) DO UPDATE SET fields = EXCLUDED.fields, seen_at = EXCLUDED.seen_at
                        """)
                .execute(Tuple.of(ids.toArray(UUID[]::new), source, json, utc(now))).replaceWithVoid();
    }

    /** The assets with a relation pointing at {@code id}: their state changes when it goes away. */
    public Uni<List<UUID>> referrers(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT DISTINCT source_id FROM asset_relation WHERE target_id = $1 AND source_id <> $1")
                .execute(Tuple.of(id))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(r -> r.getUUID("source_id")).toList());
    }

    public Uni<Boolean> delete(SqlClient db, UUID id) {
        return db.preparedQuery("DELETE FROM asset WHERE id = $1").execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    /** Sets the lifecycle; {@code decommissioned} also ends the asset's managed status. */
    public Uni<Void> setLifecycle(SqlClient db, UUID id, Lifecycle lifecycle, Instant now) {
        return db.preparedQuery("UPDATE asset SET lifecycle = $2, managed = managed AND $2 <> 'decommissioned', updated_at = $3 WHERE id = $1")
                .execute(Tuple.of(id, lifecycle.wire(), utc(now))).replaceWithVoid();
    }

    /**
     * Everything that depends on {@code id}, transitively: assets that run on, depend on or are members of it or of
     * one of its dependents. {@code UNION} (not {@code UNION ALL}) makes cycles terminate.
     */
    public Uni<List<Row>> impact(SqlClient db, UUID id) {
        return db.preparedQuery("""
                        WITH RECURSIVE dependent(id) AS (
                            SELECT r.source_id FROM asset_relation r WHERE r.target_id = $1
                            UNION
                            SELECT r.source_id FROM asset_relation r JOIN dependent d ON r.target_id = d.id
                        )
                        SELECT a.id, a.name, a.type, a.owner_team, a.environment, a.criticality, a.lifecycle,
                               (SELECT array_agg(r.type || ':' || r.target_id ORDER BY r.type, r.target_id)
                                  FROM asset_relation r WHERE r.source_id = a.id
                                   AND (r.target_id = $1 OR r.target_id IN (SELECT id FROM dependent))) AS via
                          FROM dependent d JOIN asset a ON a.id = d.id
                         WHERE a.id <> $1
                         ORDER BY a.criticality NULLS LAST, a.name
                        """)
                .execute(Tuple.of(id))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).toList());
    }

    static Asset toAsset(Row row) {
        try {
            String[] sources = row.getArrayOfStrings("sources");
            return new Asset(
                    row.getUUID("id"),
                    row.getString("name"),
                    Wire.parse(AssetType.class, row.getString("type")),
                    Json.mapper().readValue(row.getString("identifiers"), IDENTIFIERS),
                    row.getString("environment"),
                    row.getString("owner_team"),
                    row.getInteger("criticality"),
                    row.getString("segment"),
                    Wire.parse(Lifecycle.class, row.getString("lifecycle")),
                    row.getBoolean("managed"),
                    row.getString("privilege_level") == null ? null
                            : Wire.parse(PrivilegeLevel.class, row.getString("privilege_level")),
                    instant(row.getOffsetDateTime("last_seen_at")),
                    instant(row.getOffsetDateTime("last_patched_at")),
                    Json.mapper().readValue(row.getString("tags"), TAGS),
                    sources == null ? List.of() : List.of(sources),
                    Json.mapper().readValue(row.getString("relations"), RELATIONS),
                    instant(row.getOffsetDateTime("updated_at")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable asset row " + row.getUUID("id"), e);
        }
    }

    static int add(Tuple params, Object value) {
        params.addValue(value);
        return params.size();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
