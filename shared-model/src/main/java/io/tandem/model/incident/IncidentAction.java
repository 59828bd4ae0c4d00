package io.tandem.model.incident;

import io.tandem.model.Wire;

/** What happened to an incident; each is one event on {@code incidents.events}. */
public enum IncidentAction implements Wire.Named {
    OPENED, SIGNAL_ATTACHED, ACKNOWLEDGED, ASSIGNED, ESCALATED, MITIGATED, RESOLVED, CLOSED, REOPENED, MERGED, LINKED,
    NOTE_ADDED, SLA_BREACHED, POSTMORTEM_PUBLISHED, ACTION_REQUESTED, ACTION_COMPLETED, CHANGE_REQUESTED
}
