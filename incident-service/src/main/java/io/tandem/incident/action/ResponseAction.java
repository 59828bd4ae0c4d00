package io.tandem.incident.action;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A response action of an incident as the API shows it. */
public record ResponseAction(UUID id, UUID incidentId, String type, String target, Map<String, String> parameters,
                             IncidentActionState status, String requestedBy, String approvedBy, Instant requestedAt,
                             String result, Instant completedAt) {
}
