package io.tandem.model.change;

import io.tandem.model.Wire;

/** What happened to a change; each is one event on {@code changes.events}. */
public enum ChangeAction implements Wire.Named {
    CREATED, UPDATED, SUBMITTED, APPROVED, REJECTED, STARTED, COMPLETED, VERIFIED, FAILED, ROLLED_BACK, CLOSED,
    WINDOW_OPENED, WINDOW_CLOSED, EXPIRED, REVIEW_OVERDUE, UNAUTHORIZED_DETECTED, INCIDENT_LINKED
}
