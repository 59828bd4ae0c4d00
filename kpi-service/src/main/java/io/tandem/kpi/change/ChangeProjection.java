package io.tandem.kpi.change;

import io.smallrye.mutiny.Uni;
import io.tandem.kpi.metrics.KpiMetrics;
import io.tandem.kpi.projection.Projection;
import io.tandem.model.Topics;
import io.tandem.model.change.Change;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.event.Envelope;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.tandem.kpi.metrics.KpiMetrics.FAILED;
import static io.tandem.kpi.metrics.KpiMetrics.SUCCEEDED;
import static io.tandem.kpi.projection.Sql.ts;

/**
 * {@code changes.events} → one {@code change_fact} per change. A change is created at its earliest event; it ends
 * {@code succeeded} when it reaches completed or verified and {@code failed} when it reaches failed or rolled back
 * (a rollback after completion turns success into failure, never the other way round); it needs a security review
 * when its security assessment finds any impact.
 */
@ApplicationScoped
public class ChangeProjection implements Projection<ChangeEvent> {

    private final KpiMetrics metrics;

    public ChangeProjection(KpiMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public String topic() {
        return Topics.CHANGES_EVENTS;
    }

    @Override
    public Class<ChangeEvent> type() {
        return ChangeEvent.class;
    }

    @Override
    public Uni<Runnable> apply(SqlClient tx, Envelope envelope, ChangeEvent event) {
        Change change = event.change();
        String outcome = outcome(change);
        boolean securityReview = change.securityImpact() != null && !change.securityImpact().none();
        return tx.preparedQuery("SELECT outcome, caused_incident FROM change_fact WHERE change_id = $1 FOR UPDATE")
                .execute(Tuple.of(change.id()))
                .chain(rows -> {
                    Row before = rows.size() == 0 ? null : rows.iterator().next();
                    return tx.preparedQuery("""
                                    INSERT INTO change_fact (change_id, type, security_review, caused_incident, created_at,
                                                             outcome, ended_at, last_event_at)
                                    VALUES ($1, $2, $3, $4, $5, $6, $7, $5)
                                    ON CONFLICT (change_id) DO UPDATE SET
                                           type = CASE WHEN EXCLUDED.last_event_at >= change_fact.last_event_at
                                                       THEN EXCLUDED.type ELSE change_fact.type END,
                                           security_review = CASE WHEN EXCLUDED.last_event_at >= change_fact.last_event_at
                                                       THEN EXCLUDED.security_review ELSE change_fact.security_review END,
                                           caused_incident = change_fact.caused_incident OR EXCLUDED.caused_incident,
                                           created_at = least(change_fact.created_at, EXCLUDED.created_at),
                                           outcome = CASE WHEN change_fact.outcome = 'failed' OR EXCLUDED.outcome IS NULL
                                                          THEN change_fact.outcome ELSE EXCLUDED.outcome END,
                                           ended_at = least(change_fact.ended_at, EXCLUDED.ended_at),
                                           last_event_at = greatest(change_fact.last_event_at, EXCLUDED.last_event_at)
                                    """)
                            .execute(Tuple.from(Arrays.asList(change.id(), change.type().wire(), securityReview,
                                    change.causedIncident(), ts(event.occurredAt()), outcome,
                                    outcome == null ? null : ts(event.occurredAt()))))
                            .replaceWith(report(before, change, outcome, securityReview));
                });
    }

    private static String outcome(Change change) {
        return switch (change.status()) {
            case COMPLETED, VERIFIED -> SUCCEEDED;
            case FAILED, ROLLED_BACK -> FAILED;
            default -> null;
        };
    }

    private Runnable report(Row before, Change change, String outcome, boolean securityReview) {
        List<Runnable> reports = new ArrayList<>();
        if (before == null) {
            reports.add(() -> metrics.changeCreated(change.type(), securityReview));
        }
        String previous = before == null ? null : before.getString("outcome");
        if (outcome != null && !outcome.equals(previous) && !FAILED.equals(previous)) {
            reports.add(() -> metrics.changeEnded(change.type(), outcome));
        }
        if (change.causedIncident() && (before == null || !before.getBoolean("caused_incident"))) {
            reports.add(() -> metrics.changeCausedIncident(change.type()));
        }
        return () -> reports.forEach(Runnable::run);
    }
}
