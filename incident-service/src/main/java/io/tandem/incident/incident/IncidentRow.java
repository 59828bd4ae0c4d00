package io.tandem.incident.incident;

import io.tandem.model.incident.Incident;

import java.util.UUID;

/** An incident as stored: its public state plus what only the service needs (change counter, policy, alert count). */
public record IncidentRow(Incident incident, long seq, UUID escalationPolicyId, int alertCount) {
}
