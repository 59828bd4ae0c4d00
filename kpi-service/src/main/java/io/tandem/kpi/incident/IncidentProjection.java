package io.tandem.kpi.incident;

import io.smallrye.mutiny.Uni;
import io.tandem.kpi.metrics.KpiMetrics;
import io.tandem.kpi.metrics.KpiMetrics.Stage;
import io.tandem.kpi.projection.Projection;
import io.tandem.model.Topics;
import io.tandem.model.event.Envelope;
import io.tandem.model.incident.Incident;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.model.incident.IncidentStatus;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.tandem.kpi.projection.Sql.instant;
import static io.tandem.kpi.projection.Sql.ts;

/**
 * {@code incidents.events} → the latest state of each incident in {@code incident_fact}. Every event carries the full
 * incident, so the newest one wins and an older one (redelivered, replayed) changes nothing. The meters learn what
 * the event changed: opened, a stage reached (acknowledged, mitigated, resolved), new SLA breaches.
 */
@ApplicationScoped
public class IncidentProjection implements Projection<IncidentEvent> {

    private final KpiMetrics metrics;

    public IncidentProjection(KpiMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public String topic() {
        return Topics.INCIDENTS_EVENTS;
    }

    @Override
    public Class<IncidentEvent> type() {
        return IncidentEvent.class;
    }

    @Override
    public Uni<Runnable> apply(SqlClient tx, Envelope envelope, IncidentEvent event) {
        Incident incident = event.incident();
        return tx.preparedQuery("""
                        SELECT acknowledged_at, mitigated_at, resolved_at, sla_breaches, change_induced, last_event_at
                          FROM incident_fact WHERE incident_id = $1 FOR UPDATE
                        """)
                .execute(Tuple.of(incident.id()))
                .chain(rows -> {
                    Row before = rows.size() == 0 ? null : rows.iterator().next();
                    if (before != null && instant(before.getOffsetDateTime("last_event_at")).isAfter(event.occurredAt())) {
                        return Uni.createFrom().item(NOTHING);
                    }
                    return upsert(tx, event).replaceWith(report(before, incident));
                });
    }

    private static Uni<?> upsert(SqlClient tx, IncidentEvent event) {
        Incident i = event.incident();
        return tx.preparedQuery("""
                        INSERT INTO incident_fact (incident_id, kind, priority, team, status, first_signal_at, opened_at,
                                                   acknowledged_at, mitigated_at, resolved_at, sla_breaches,
                                                   change_induced, last_event_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                        ON CONFLICT (incident_id) DO UPDATE SET kind = EXCLUDED.kind, priority = EXCLUDED.priority,
                               team = EXCLUDED.team, status = EXCLUDED.status, first_signal_at = EXCLUDED.first_signal_at,
                               opened_at = EXCLUDED.opened_at, acknowledged_at = EXCLUDED.acknowledged_at,
                               mitigated_at = EXCLUDED.mitigated_at, resolved_at = EXCLUDED.resolved_at,
                               sla_breaches = EXCLUDED.sla_breaches, change_induced = EXCLUDED.change_induced,
                               last_event_at = EXCLUDED.last_event_at
                         WHERE incident_fact.last_event_at <= EXCLUDED.last_event_at
                        """)
                .execute(Tuple.from(Arrays.asList(i.id(), i.kind().wire(), i.priority().name(), i.team(),
                        i.status().wire(), ts(i.firstSignalAt()), ts(i.openedAt()), ts(i.acknowledgedAt()),
                        ts(i.mitigatedAt()), ts(i.resolvedAt()), i.slaBreaches().size(), i.possiblyChangeInduced(),
                        ts(event.occurredAt()))));
    }

    /** What this state adds to the stored one ({@code before}, null for a new incident), for the meters. */
    private Runnable report(Row before, Incident i) {
        List<Runnable> reports = new ArrayList<>();
        boolean merged = i.status() == IncidentStatus.MERGED;
        if (before == null) {
            reports.add(() -> metrics.incidentOpened(i.kind(), i.priority(), i.team()));
            if (i.firstSignalAt() != null && !i.firstSignalAt().isAfter(i.openedAt())) {
                stage(reports, Stage.DETECT, i, i.firstSignalAt(), i.openedAt());
            }
        }
        if (!merged) {
            if (newly(before, "acknowledged_at", i.acknowledgedAt())) {
                stage(reports, Stage.ACKNOWLEDGE, i, i.openedAt(), i.acknowledgedAt());
            }
            if (newly(before, "mitigated_at", i.mitigatedAt())) {
                stage(reports, Stage.CONTAIN, i, i.openedAt(), i.mitigatedAt());
            }
            if (newly(before, "resolved_at", i.resolvedAt())) {
                stage(reports, Stage.RESOLVE, i, i.openedAt(), i.resolvedAt());
            }
        }
        int breaches = i.slaBreaches().size() - (before == null ? 0 : before.getInteger("sla_breaches"));
        if (breaches > 0) {
            reports.add(() -> metrics.slaBreaches(i.kind(), i.priority(), i.team(), breaches));
        }
        if (i.possiblyChangeInduced() && (before == null || !before.getBoolean("change_induced"))) {
            reports.add(() -> metrics.changeInducedIncident(i.kind(), i.priority(), i.team()));
        }
        return () -> reports.forEach(Runnable::run);
    }

    private void stage(List<Runnable> reports, Stage stage, Incident i, Instant from, Instant to) {
        if (!to.isBefore(from)) {
            reports.add(() -> metrics.incidentStage(stage, i.kind(), i.priority(), i.team(), Duration.between(from, to)));
        }
    }

    private static boolean newly(Row before, String column, Instant now) {
        return now != null && (before == null || before.getOffsetDateTime(column) == null);
    }
}
