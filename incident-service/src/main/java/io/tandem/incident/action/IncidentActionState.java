package io.tandem.incident.action;

import io.tandem.model.Wire;

/** Where a response action stands. */
public enum IncidentActionState implements Wire.Named {
    /** Waits for a responder's approval; nothing was published yet. */
    PENDING_APPROVAL,
    /** Published on {@code actions.requests}; the executor has not answered. */
    REQUESTED,
    SUCCEEDED,
    FAILED
}
