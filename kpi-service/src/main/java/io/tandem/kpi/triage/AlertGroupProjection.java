package io.tandem.kpi.triage;

import io.smallrye.mutiny.Uni;
import io.tandem.kpi.projection.Projection;
import io.tandem.model.Topics;
import io.tandem.model.event.Envelope;
import io.tandem.model.triage.AlertGroupEvent;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;

import static io.tandem.kpi.projection.Sql.ts;

/**
 * {@code alerts.groups} → the latest state of each alert group in {@code alert_group_fact}; an event older than the
 * stored state changes nothing, so order of delivery does not matter.
 */
@ApplicationScoped
public class AlertGroupProjection implements Projection<AlertGroupEvent> {

    @Override
    public String topic() {
        return Topics.ALERTS_GROUPS;
    }

    @Override
    public Class<AlertGroupEvent> type() {
        return AlertGroupEvent.class;
    }

    @Override
    public Uni<Runnable> apply(SqlClient tx, Envelope envelope, AlertGroupEvent group) {
        return tx.preparedQuery("""
                        INSERT INTO alert_group_fact (group_id, kind, priority, team, first_seen, resolved_at, signal_count,
                                                      last_event_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                        ON CONFLICT (group_id) DO UPDATE SET kind = EXCLUDED.kind, priority = EXCLUDED.priority,
                               team = EXCLUDED.team, first_seen = least(alert_group_fact.first_seen, EXCLUDED.first_seen),
                               resolved_at = EXCLUDED.resolved_at, signal_count = EXCLUDED.signal_count,
                               last_event_at = EXCLUDED.last_event_at
                         WHERE alert_group_fact.last_event_at <= EXCLUDED.last_event_at
                        """)
                .execute(Tuple.from(Arrays.asList(group.groupId(), group.kind().wire(),
                        group.priority() == null ? null : group.priority().name(), group.team(), ts(group.firstSeen()),
                        ts(group.resolvedAt()), group.signalCount(), ts(group.occurredAt()))))
                .replaceWith(NOTHING);
    }
}
