package io.tandem.incident.escalation;

import io.smallrye.mutiny.Uni;
import io.tandem.incident.action.ActionService;
import io.tandem.incident.incident.IncidentRow;
import io.tandem.incident.incident.IncidentService;
import io.tandem.incident.schedule.ScheduleService;
import io.tandem.model.triage.TriageDecision;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * Who an incident goes to when it opens: the first reachable person of its escalation policy's first level, else
 * whoever is on call in its team's schedule; and the response actions its route names.
 */
@ApplicationScoped
public class IncidentOpening implements IncidentService.Opening {

    private final EscalationRepository policies;
    private final Escalations escalations;
    private final ScheduleService schedules;
    private final ActionService actions;

    public IncidentOpening(EscalationRepository policies, Escalations escalations, ScheduleService schedules,
                           ActionService actions) {
        this.policies = policies;
        this.escalations = escalations;
        this.schedules = schedules;
        this.actions = actions;
    }

    @Override
    public Uni<String> defaultAssignee(SqlClient db, UUID policyId, String team, Instant at) {
        Uni<String> fromPolicy = policyId == null ? Uni.createFrom().nullItem()
                : policies.find(db, policyId).chain(policy -> policy == null || policy.levels().isEmpty()
                ? Uni.createFrom().nullItem()
                : escalations.people(db, policy.levels().get(0).targets(), at)
                .map(people -> people.isEmpty() ? null : people.get(0)));
        return fromPolicy.chain(person -> person != null ? Uni.createFrom().item(person)
                : schedules.onCallForTeam(db, team, at));
    }

    @Override
    public Uni<Void> opened(SqlClient db, IncidentRow row, TriageDecision decision, Instant at) {
        return actions.requestForRoute(db, row, decision.route().actions(), at);
    }
}
