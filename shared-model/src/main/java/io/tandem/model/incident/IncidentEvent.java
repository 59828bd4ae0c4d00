package io.tandem.model.incident;

import io.tandem.model.Require;

import java.time.Instant;

/**
 * One step of an incident's life on {@code incidents.events}: who did what, and the state after it.
 *
 * @param changeRequest only on {@code change-requested}: the change a postmortem action item asks for
 */
public record IncidentEvent(IncidentAction action, Incident incident, String actor, String detail, Instant occurredAt,
                            ChangeRequest changeRequest) {

    public IncidentEvent {
        Require.present(action, "action");
        Require.present(incident, "incident");
        Require.text(actor, "actor");
        Require.present(occurredAt, "occurredAt");
        if (action == IncidentAction.CHANGE_REQUESTED) {
            Require.present(changeRequest, "changeRequest");
        }
    }

    /** Every event but {@code change-requested}. */
    public IncidentEvent(IncidentAction action, Incident incident, String actor, String detail, Instant occurredAt) {
        this(action, incident, actor, detail, occurredAt, null);
    }
}
