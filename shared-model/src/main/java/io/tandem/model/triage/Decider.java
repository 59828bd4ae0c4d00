package io.tandem.model.triage;

import io.tandem.model.Require;

/** The rule, silence or change that decided, so "why did this (not) page me?" has an answer. */
public record Decider(DeciderKind kind, String id, String name) {

    public Decider {
        Require.present(kind, "decidedBy.kind");
    }
}
