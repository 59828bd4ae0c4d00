package io.tandem.kpi.report;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.tandem.kpi.report.KpiReport.Assets;
import io.tandem.kpi.report.KpiReport.Changes;
import io.tandem.kpi.report.KpiReport.DurationStats;
import io.tandem.kpi.report.KpiReport.Incidents;
import io.tandem.kpi.report.KpiReport.Noise;
import io.tandem.kpi.report.KpiReport.Signals;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.tandem.kpi.projection.Sql.ts;

/**
 * Computes the KPIs of a range from the fact tables in PostgreSQL. The incident and triage queries take the same
 * parameters: $1 from, $2 to, $3 team, $4 kinds, $5 priority (null = no filter).
 */
@ApplicationScoped
public class KpiService {

    /** Decision outcomes that kept a signal from paging anyone. */
    static final Set<String> SUPPRESSING = Set.of("silenced", "inhibited", "suppressed", "change-linked");

    private static final String INCIDENT_FILTER = """
             AND status <> 'merged' AND ($3::text IS NULL OR team = $3)
             AND ($4::text[] IS NULL OR kind = ANY($4)) AND ($5::text IS NULL OR priority = $5)
            """;
    private static final String TRIAGE_FILTER = """
             AND ($3::text IS NULL OR team = $3) AND ($4::text[] IS NULL OR kind = ANY($4))
             AND ($5::text IS NULL OR priority = $5)
            """;

    private final Pool pool;

    public KpiService(Pool pool) {
        this.pool = pool;
    }

    @WithSpan
    public Uni<KpiReport> report(KpiFilter filter) {
        Tuple incidentParams = params(filter, filter.incidentKinds());
        Tuple signalParams = params(filter, filter.signalKinds());
        Uni<Incidents> incidents = Uni.combine().all().unis(
                        incidentDurations("first_signal_at", "opened_at", incidentParams),
                        incidentDurations("opened_at", "acknowledged_at", incidentParams),
                        incidentDurations("opened_at", "mitigated_at", incidentParams),
                        incidentDurations("opened_at", "resolved_at", incidentParams),
                        incidentCounts(incidentParams))
                .with((mttd, mtta, contain, mttr, counts) -> new Incidents(counts.getLong("opened"), mttd, mtta,
                        contain, mttr, counts.getLong("breached"), ratio(counts.getLong("breached"), counts.getLong("opened")),
                        counts.getLong("change_induced"), ratio(counts.getLong("change_induced"), counts.getLong("opened"))));
        return Uni.combine().all().unis(incidents, vulnerabilityRemediation(filter), signals(filter),
                        noise(signalParams), changes(filter), assets(filter))
                .with((i, remediation, signals, noise, changes, assets) -> new KpiReport(filter.from(), filter.to(),
                        new KpiReport.Filters(filter.team(), filter.kind(), filter.priorityName()), i, remediation,
                        signals, noise.withIncidents(i.opened()), changes, assets));
    }

    private static Tuple params(KpiFilter filter, String[] kinds) {
        return Tuple.from(Arrays.asList(ts(filter.from()), ts(filter.to()), filter.team(), kinds, filter.priorityName()));
    }

    private Uni<DurationStats> incidentDurations(String start, String end, Tuple params) {
        return durations("SELECT extract(epoch FROM (" + end + " - " + start + "))::float8 AS d FROM incident_fact"
                + " WHERE " + end + " >= $1 AND " + end + " < $2 AND " + start + " <= " + end + INCIDENT_FILTER, params);
    }

    private Uni<DurationStats> vulnerabilityRemediation(KpiFilter filter) {
        // The first resolved signal at or after the fingerprint's first firing one ends the remediation.
        return durations("""
                WITH fired AS (SELECT fingerprint, min(observed_at) AS fired_at FROM signal_fact
                                WHERE kind = 'vulnerability' AND status = 'firing' GROUP BY fingerprint),
                     remediated AS (SELECT f.fired_at,
                                           (SELECT min(r.observed_at) FROM signal_fact r
                                             WHERE r.kind = 'vulnerability' AND r.status = 'resolved'
                                               AND r.fingerprint = f.fingerprint AND r.observed_at >= f.fired_at) AS resolved_at
                                      FROM fired f)
                SELECT extract(epoch FROM (resolved_at - fired_at))::float8 AS d FROM remediated
                 WHERE resolved_at >= $1 AND resolved_at < $2
                """, Tuple.of(ts(filter.from()), ts(filter.to())));
    }

    private Uni<DurationStats> durations(String durationsQuery, Tuple params) {
        return pool.preparedQuery("""
                        SELECT count(d) AS n, avg(d) AS mean,
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS p50,
                               percentile_cont(0.9) WITHIN GROUP (ORDER BY d) AS p90,
                               percentile_cont(0.95) WITHIN GROUP (ORDER BY d) AS p95,
                               max(d) AS max
                          FROM (""" + durationsQuery + ") durations")
                .execute(params)
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new DurationStats(r.getLong("n"), seconds(r, "mean"), seconds(r, "p50"), seconds(r, "p90"),
                            seconds(r, "p95"), seconds(r, "max"));
                });
    }

    private Uni<Row> incidentCounts(Tuple params) {
        return pool.preparedQuery("""
                        SELECT count(*) AS opened, count(*) FILTER (WHERE sla_breaches > 0) AS breached,
                               count(*) FILTER (WHERE change_induced) AS change_induced
                          FROM incident_fact WHERE opened_at >= $1 AND opened_at < $2""" + INCIDENT_FILTER)
                .execute(params)
                .map(rows -> rows.iterator().next());
    }

    private Uni<Signals> signals(KpiFilter filter) {
        return pool.preparedQuery("""
                        SELECT source, kind, count(*) AS n FROM signal_fact
                         WHERE observed_at >= $1 AND observed_at < $2 AND ($3::text[] IS NULL OR kind = ANY($3))
                         GROUP BY source, kind
                        """)
                .execute(Tuple.from(Arrays.asList(ts(filter.from()), ts(filter.to()), filter.signalKinds())))
                .map(rows -> {
                    Map<String, Long> bySource = new TreeMap<>();
                    Map<String, Long> byKind = new TreeMap<>();
                    long total = 0;
                    for (Row r : rows) {
                        long n = r.getLong("n");
                        bySource.merge(r.getString("source"), n, Long::sum);
                        byKind.merge(r.getString("kind"), n, Long::sum);
                        total += n;
                    }
                    return new Signals(total, bySource, byKind);
                });
    }

    private Uni<NoiseCounts> noise(Tuple params) {
        Uni<RowSet<Row>> outcomes = pool.preparedQuery("SELECT outcome, count(*) AS n FROM decision_fact"
                + " WHERE decided_at >= $1 AND decided_at < $2" + TRIAGE_FILTER + " GROUP BY outcome").execute(params);
        Uni<Long> groups = pool.preparedQuery("SELECT count(*) AS n FROM alert_group_fact"
                        + " WHERE first_seen >= $1 AND first_seen < $2" + TRIAGE_FILTER).execute(params)
                .map(rows -> rows.iterator().next().getLong("n"));
        return Uni.combine().all().unis(outcomes, groups).with((rows, groupCount) -> {
            Map<String, Long> byOutcome = new TreeMap<>();
            rows.forEach(r -> byOutcome.put(r.getString("outcome"), r.getLong("n")));
            return new NoiseCounts(byOutcome, groupCount);
        });
    }

    /** Decisions and alert groups of the range; the incidents come from the incident counts. */
    private record NoiseCounts(Map<String, Long> byOutcome, long alertGroups) {

        Noise withIncidents(long incidents) {
            long signals = byOutcome.values().stream().mapToLong(Long::longValue).sum();
            long deduplicated = byOutcome.getOrDefault("deduplicated", 0L);
            long suppressed = byOutcome.entrySet().stream().filter(e -> SUPPRESSING.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            Double perIncident = incidents == 0 ? null : round((double) signals / incidents);
            return new Noise(signals, alertGroups, incidents, perIncident, ratio(deduplicated, signals),
                    ratio(suppressed, signals), byOutcome);
        }
    }

    private Uni<Changes> changes(KpiFilter filter) {
        return pool.preparedQuery("""
                        SELECT count(*) FILTER (WHERE created) AS created,
                               count(*) FILTER (WHERE created AND type = 'emergency') AS emergency,
                               count(*) FILTER (WHERE created AND security_review) AS reviewed,
                               count(*) FILTER (WHERE ended) AS ended,
                               count(*) FILTER (WHERE ended AND outcome = 'succeeded' AND NOT caused_incident) AS succeeded,
                               count(*) FILTER (WHERE ended AND caused_incident) AS caused_incident
                          FROM (SELECT *, created_at >= $1 AND created_at < $2 AS created,
                                       coalesce(ended_at >= $1 AND ended_at < $2, false) AS ended
                                  FROM change_fact
                                 WHERE (created_at >= $1 AND created_at < $2) OR (ended_at >= $1 AND ended_at < $2)) c
                        """)
                .execute(Tuple.of(ts(filter.from()), ts(filter.to())))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    long created = r.getLong("created");
                    long ended = r.getLong("ended");
                    return new Changes(created, r.getLong("emergency"), ratio(r.getLong("emergency"), created),
                            r.getLong("reviewed"), ratio(r.getLong("reviewed"), created), ended, r.getLong("succeeded"),
                            ratio(r.getLong("succeeded"), ended), r.getLong("caused_incident"));
                });
    }

    private Uni<Assets> assets(KpiFilter filter) {
        Uni<Row> coverage = pool.preparedQuery("""
                        SELECT count(*) AS total, count(*) FILTER (WHERE NOT managed) AS unmanaged
                          FROM (SELECT DISTINCT ON (asset_id) deleted, managed, lifecycle, owner_team FROM asset_version
                                 WHERE valid_from < $1 ORDER BY asset_id, valid_from DESC) latest
                         WHERE NOT deleted AND lifecycle <> 'decommissioned' AND ($2::text IS NULL OR owner_team = $2)
                        """)
                .execute(Tuple.of(ts(filter.to()), filter.team()))
                .map(rows -> rows.iterator().next());
        Uni<RowSet<Row>> findings = pool.preparedQuery("""
                        SELECT action, count(DISTINCT asset_id) AS n FROM asset_finding
                         WHERE occurred_at >= $1 AND occurred_at < $2 AND ($3::text IS NULL OR owner_team = $3)
                         GROUP BY action
                        """)
                .execute(Tuple.from(Arrays.asList(ts(filter.from()), ts(filter.to()), filter.team())));
        return Uni.combine().all().unis(coverage, findings).with((c, f) -> {
            Map<String, Long> byAction = new TreeMap<>();
            f.forEach(r -> byAction.put(r.getString("action"), r.getLong("n")));
            long total = c.getLong("total");
            long unmanaged = c.getLong("unmanaged");
            return new Assets(total, unmanaged, total == 0 ? null : Math.round(unmanaged * 10000.0 / total) / 100.0,
                    byAction.getOrDefault("zombie-seen", 0L), byAction.getOrDefault("stale", 0L),
                    byAction.getOrDefault("discovered", 0L));
        });
    }

    private static Double seconds(Row row, String column) {
        Double value = row.getDouble(column);
        return value == null ? null : round(value);
    }

    /** A share rounded to four decimals, or null when there is nothing to divide by. */
    static Double ratio(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole);
    }

    private static double round(double value) {
        return Math.round(value * 10000.0) / 10000.0;
    }
}
