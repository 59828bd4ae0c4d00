package io.tandem.kpi.triage;

import io.smallrye.mutiny.Uni;
import io.tandem.kpi.metrics.KpiMetrics;
import io.tandem.kpi.projection.Projection;
import io.tandem.model.Topics;
import io.tandem.model.event.Envelope;
import io.tandem.model.triage.TriageDecision;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;

import static io.tandem.kpi.projection.Sql.ts;

/**
 * {@code triage.decisions} → one {@code decision_fact} per signal: how much of the stream triage deduplicated,
 * grouped or kept from paging. The team is the route's, or else the asset owner's.
 */
@ApplicationScoped
public class DecisionProjection implements Projection<TriageDecision> {

    private final KpiMetrics metrics;

    public DecisionProjection(KpiMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public String topic() {
        return Topics.TRIAGE_DECISIONS;
    }

    @Override
    public Class<TriageDecision> type() {
        return TriageDecision.class;
    }

    @Override
    public Uni<Runnable> apply(SqlClient tx, Envelope envelope, TriageDecision decision) {
        return tx.preparedQuery("""
                        INSERT INTO decision_fact (signal_id, alert_group_id, outcome, kind, priority, team, decided_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
                        """)
                .execute(Tuple.from(Arrays.asList(decision.signalId(), decision.alertGroupId(), decision.outcome().wire(),
                        decision.signal().kind().wire(), decision.priority() == null ? null : decision.priority().name(),
                        team(decision), ts(decision.decidedAt()))))
                .map(rows -> rows.rowCount() == 0 ? NOTHING
                        : () -> metrics.decision(decision.outcome(), decision.signal().kind()));
    }

    private static String team(TriageDecision decision) {
        if (decision.route() != null && decision.route().team() != null) {
            return decision.route().team();
        }
        return decision.enrichment() == null ? null : decision.enrichment().ownerTeam();
    }
}
