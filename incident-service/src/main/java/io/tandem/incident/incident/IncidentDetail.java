package io.tandem.incident.incident;

import io.tandem.model.incident.Incident;

/**
 * {@code GET /api/v1/incidents/{id}}: the incident's state as in its events, how many alerts it holds and the
 * escalation policy it follows; the timeline and alerts page under their own paths.
 */
public record IncidentDetail(Incident incident, int alertCount, java.util.UUID escalationPolicyId) {

    static IncidentDetail of(IncidentRow row) {
        return new IncidentDetail(row.incident(), row.alertCount(), row.escalationPolicyId());
    }
}
