package io.tandem.kpi.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code tandem_kpi_*} gauges of current state: open incidents, open alert groups and the inventory by managed.
 * They are read from the projections on a timer, so every instance reports the same numbers and a restart starts
 * with the right ones.
 */
@ApplicationScoped
public class KpiGauges {

    private static final Logger LOG = Logger.getLogger(KpiGauges.class);

    private final Pool pool;
    private final KpiMetrics metrics;
    private final MultiGauge openIncidents;
    private final MultiGauge openAlertGroups;
    private final MultiGauge assets;

    public KpiGauges(Pool pool, KpiMetrics metrics, MeterRegistry registry) {
        this.pool = pool;
        this.metrics = metrics;
        this.openIncidents = MultiGauge.builder("tandem_kpi_incidents_open")
                .description("Incidents not yet resolved (triggered, acknowledged or mitigated)").register(registry);
        this.openAlertGroups = MultiGauge.builder("tandem_kpi_alert_groups_open")
                .description("Alert groups not yet resolved").register(registry);
        this.assets = MultiGauge.builder("tandem_kpi_assets")
                .description("Assets in the inventory (decommissioned left out), by owner team and managed").register(registry);
    }

    @Scheduled(every = "${kpi.metrics.refresh-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // Not before the channels and pools are up, nor after shutdown has closed them.
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        Uni<Void> incidents = pool.query("""
                        SELECT kind, priority, team, count(*) AS n FROM incident_fact
                         WHERE status IN ('triggered', 'acknowledged', 'mitigated') GROUP BY kind, priority, team
                        """).execute()
                .invoke(rows -> openIncidents.register(rows(rows, r -> Tags.of("kind", r.getString("kind"),
                        "priority", r.getString("priority"), "team", metrics.team(r.getString("team")))), true))
                .replaceWithVoid();
        Uni<Void> groups = pool.query("SELECT kind, count(*) AS n FROM alert_group_fact WHERE resolved_at IS NULL GROUP BY kind")
                .execute()
                .invoke(rows -> openAlertGroups.register(rows(rows, r -> Tags.of("kind", r.getString("kind"))), true))
                .replaceWithVoid();
        Uni<Void> inventory = pool.query("""
                        SELECT owner_team AS team, managed, count(*) AS n
                          FROM (SELECT DISTINCT ON (asset_id) deleted, managed, lifecycle, owner_team FROM asset_version
                                 ORDER BY asset_id, valid_from DESC) latest
                         WHERE NOT deleted AND lifecycle <> 'decommissioned' GROUP BY owner_team, managed
                        """).execute()
                .invoke(rows -> assets.register(rows(rows, r -> Tags.of("team", metrics.team(r.getString("team")),
                        "managed", Boolean.toString(r.getBoolean("managed")))), true))
                .replaceWithVoid();
        return Uni.combine().all().unis(incidents, groups, inventory).discardItems()
                // The gauges keep their last values until the next refresh; the datasource health check reports outages.
                .onFailure().invoke(e -> LOG.debugf("KPI gauges not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** One gauge row per distinct tag set; groups that share a capped label value ({@code other}) add up. */
    private static List<MultiGauge.Row<?>> rows(RowSet<Row> rows, Function<Row, Tags> tags) {
        Map<Tags, Long> counts = new HashMap<>();
        rows.forEach(r -> counts.merge(tags.apply(r), r.getLong("n"), Long::sum));
        List<MultiGauge.Row<?>> result = new ArrayList<>();
        counts.forEach((t, n) -> result.add(MultiGauge.Row.of(t, n)));
        return result;
    }
}
