package io.tandem.change.request;

import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeStatus;

import java.time.Instant;

/** One line of a change's audit trail: what happened, the status before and after, who and when. */
public record AuditEntry(ChangeAction action, ChangeStatus fromStatus, ChangeStatus toStatus, String actor, String detail,
                         Instant occurredAt) {
}
