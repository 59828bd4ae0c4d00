package io.tandem.model.change;

import io.tandem.model.Require;

import java.time.Instant;

/** One step of a change's life on {@code changes.events}, with the audit actor and the state after it. */
public record ChangeEvent(ChangeAction action, Change change, String actor, String detail, Instant occurredAt) {

    public ChangeEvent {
        Require.present(action, "action");
        Require.present(change, "change");
        Require.text(actor, "actor");
        Require.present(occurredAt, "occurredAt");
    }
}
