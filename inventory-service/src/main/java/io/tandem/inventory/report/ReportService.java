package io.tandem.inventory.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.tandem.model.json.Json;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The coverage and reconciliation reports, computed in PostgreSQL from the asset and per-source tables. */
@ApplicationScoped
public class ReportService {

    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() { };

    private final Pool pool;

    public ReportService(Pool pool) {
        this.pool = pool;
    }

    public Uni<Coverage> coverage() {
        String active = "FROM asset WHERE lifecycle <> 'decommissioned'";
        return pool.withConnection(db -> db.query("SELECT count(*) AS total, count(*) FILTER (WHERE managed) AS managed " + active)
                .execute()
                .chain(totals -> db.query("SELECT environment AS key, count(*) AS total, count(*) FILTER (WHERE managed) AS managed "
                                + active + " GROUP BY environment ORDER BY environment NULLS LAST").execute()
                        .chain(byEnv -> db.query("SELECT owner_team AS key, count(*) AS total, count(*) FILTER (WHERE managed) AS managed "
                                        + active + " GROUP BY owner_team ORDER BY owner_team NULLS LAST").execute()
                                .map(byOwner -> {
                                    Row row = totals.iterator().next();
                                    long total = row.getLong("total");
                                    long managed = row.getLong("managed");
                                    return new Coverage(total, managed, Coverage.percent(managed, total), slices(byEnv), slices(byOwner));
                                }))));
    }

    private static List<Coverage.Slice> slices(RowSet<Row> rows) {
        List<Coverage.Slice> slices = new ArrayList<>();
        rows.forEach(r -> slices.add(new Coverage.Slice(r.getString("key"), r.getLong("total"), r.getLong("managed"),
                Coverage.percent(r.getLong("managed"), r.getLong("total")))));
        return slices;
    }

    /** Compares what two sources say; both lists and the differences are in asset id order. */
    public Uni<Reconciliation> reconcile(String first, String second, int limit) {
        String only = """
                SELECT a.id, a.name, a.type, a.owner_team FROM asset a
                  JOIN asset_source s ON s.asset_id = a.id AND s.source = $1
                 WHERE NOT EXISTS (SELECT 1 FROM asset_source o WHERE o.asset_id = a.id AND o.source = $2)
                 ORDER BY a.id LIMIT $3
                """;
        String both = """
                SELECT a.id, a.name, f.fields::text AS first, s.fields::text AS second FROM asset a
                  JOIN asset_source f ON f.asset_id = a.id AND f.source = $1
                  JOIN asset_source s ON s.asset_id = a.id AND s.source = $2
                 WHERE f.fields <> s.fields
                 ORDER BY a.id
                """;
        return pool.withConnection(db -> db.preparedQuery(only).execute(Tuple.of(first, second, limit + 1))
                .chain(onlyFirst -> db.preparedQuery(only).execute(Tuple.of(second, first, limit + 1))
                        .chain(onlySecond -> db.preparedQuery(both).execute(Tuple.of(first, second))
                                .map(common -> {
                                    List<Reconciliation.AssetSummary> a = summaries(onlyFirst);
                                    List<Reconciliation.AssetSummary> b = summaries(onlySecond);
                                    List<Reconciliation.Difference> differences = differences(common, first, second);
                                    boolean truncated = a.size() > limit || b.size() > limit || differences.size() > limit;
                                    return new Reconciliation(List.of(first, second), cut(a, limit), cut(b, limit),
                                            cut(differences, limit), truncated);
                                }))));
    }

    private static List<Reconciliation.AssetSummary> summaries(RowSet<Row> rows) {
        List<Reconciliation.AssetSummary> list = new ArrayList<>();
        rows.forEach(r -> list.add(new Reconciliation.AssetSummary(r.getUUID("id"), r.getString("name"),
                r.getString("type"), r.getString("owner_team"))));
        return list;
    }

    /**
     * Fields both sources state and state differently. A field only one source states is not a disagreement: a
     * scanner that does not know owners does not contradict the CMDB.
     */
    private static List<Reconciliation.Difference> differences(RowSet<Row> rows, String first, String second) {
        List<Reconciliation.Difference> list = new ArrayList<>();
        for (Row r : rows) {
            Map<String, String> a = fields(r.getString("first"));
            Map<String, String> b = fields(r.getString("second"));
            List<Reconciliation.FieldDifference> fields = new ArrayList<>();
            for (String field : new TreeSet<>(a.keySet())) {
                String other = b.get(field);
                if (other != null && !other.equalsIgnoreCase(a.get(field))) {
                    Map<String, String> values = new LinkedHashMap<>();
                    values.put(first, a.get(field));
                    values.put(second, other);
                    fields.add(new Reconciliation.FieldDifference(field, values));
                }
            }
            if (!fields.isEmpty()) {
                list.add(new Reconciliation.Difference(r.getUUID("id"), r.getString("name"), fields));
            }
        }
        return list;
    }

    private static Map<String, String> fields(String json) {
        try {
            return Json.mapper().readValue(json, FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable source fields", e);
        }
    }

    private static <T> List<T> cut(List<T> list, int limit) {
        return list.size() > limit ? list.subList(0, limit) : list;
    }
}
