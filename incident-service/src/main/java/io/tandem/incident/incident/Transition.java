package io.tandem.incident.incident;

import io.tandem.model.incident.IncidentAction;
import io.tandem.model.incident.IncidentStatus;

import java.util.Set;

import static io.tandem.model.incident.IncidentStatus.ACKNOWLEDGED;
import static io.tandem.model.incident.IncidentStatus.CLOSED;
import static io.tandem.model.incident.IncidentStatus.MITIGATED;
import static io.tandem.model.incident.IncidentStatus.RESOLVED;
import static io.tandem.model.incident.IncidentStatus.TRIGGERED;

/**
 * The lifecycle: triggered → acknowledged → mitigated → resolved → closed, with reopen from resolved or closed. Each
 * transition names the states it may start from and the SQL that sets the state and its timestamps ($2, where
 * used, is now).
 */
public enum Transition {
    ACKNOWLEDGE(IncidentAction.ACKNOWLEDGED, ACKNOWLEDGED, Set.of(TRIGGERED),
            "status = 'acknowledged', acknowledged_at = $2"),
    MITIGATE(IncidentAction.MITIGATED, MITIGATED, Set.of(TRIGGERED, ACKNOWLEDGED),
            "status = 'mitigated', acknowledged_at = coalesce(acknowledged_at, $2), mitigated_at = $2"),
    RESOLVE(IncidentAction.RESOLVED, RESOLVED, Set.of(TRIGGERED, ACKNOWLEDGED, MITIGATED),
            "status = 'resolved', acknowledged_at = coalesce(acknowledged_at, $2), resolved_at = $2"),
    CLOSE(IncidentAction.CLOSED, CLOSED, Set.of(RESOLVED),
            "status = 'closed', closed_at = $2"),
    // A reopened incident waits for acknowledgement again (its escalation policy re-arms from the first level).
    REOPEN(IncidentAction.REOPENED, TRIGGERED, Set.of(RESOLVED, CLOSED),
            "status = 'triggered', acknowledged_at = NULL, mitigated_at = NULL, resolved_at = NULL, closed_at = NULL");

    private final IncidentAction action;
    private final IncidentStatus to;
    private final Set<IncidentStatus> from;
    private final String set;

    Transition(IncidentAction action, IncidentStatus to, Set<IncidentStatus> from, String set) {
        this.action = action;
        this.to = to;
        this.from = from;
        this.set = set;
    }

    public IncidentAction action() {
        return action;
    }

    /** The state it leads to. */
    public IncidentStatus to() {
        return to;
    }

    public boolean allowedFrom(IncidentStatus status) {
        return from.contains(status);
    }

    String set() {
        return set;
    }

    /** The path segment of {@code POST /api/v1/incidents/{id}/{action}}. */
    public String path() {
        return name().toLowerCase();
    }
}
