package io.tandem.model.triage;

import io.tandem.model.Wire;

/** What triage did with one signal. */
public enum DecisionOutcome implements Wire.Named {
    /** Same fingerprint as an open alert: counted, nothing new. */
    DEDUPLICATED,
    /** A new alert joined an existing alert group. */
    GROUPED,
    /** Muted by a silence or maintenance window. */
    SILENCED,
    /** Muted by an inhibit rule because a related source alert fires. */
    INHIBITED,
    /** Inside an approved change window on its asset: linked to the change instead of paging. */
    CHANGE_LINKED,
    /** Sent on by a route (incident or notify). */
    ROUTED,
    /** Dropped on purpose by a route whose action is suppress. */
    SUPPRESSED
}
