package io.tandem.model.incident;

import io.tandem.model.Require;

import java.time.Instant;

/** One step of an incident's life on {@code incidents.events}: who did what, and the state after it. */
public record IncidentEvent(IncidentAction action, Incident incident, String actor, String detail, Instant occurredAt) {

    public IncidentEvent {
        Require.present(action, "action");
        Require.present(incident, "incident");
        Require.text(actor, "actor");
        Require.present(occurredAt, "occurredAt");
    }
}
