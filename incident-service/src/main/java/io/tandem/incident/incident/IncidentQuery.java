package io.tandem.incident.incident;

import io.tandem.model.Priority;
import io.tandem.model.incident.IncidentKind;
import io.tandem.model.incident.IncidentStatus;

import java.time.Instant;
import java.util.UUID;

/** Filters of {@code GET /api/v1/incidents}; null means any. {@code after} is the cursor position. */
public record IncidentQuery(IncidentStatus status, String team, Priority priority, IncidentKind kind, String assignee,
                            Position after, int limit) {

    /** The list's sort key: newest opened first, id breaking ties. */
    public record Position(Instant openedAt, UUID id) {
    }
}
