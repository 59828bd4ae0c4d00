package io.tandem.model.triage;

import io.tandem.model.Wire;

/** The kind of rule or record that made a decision. */
public enum DeciderKind implements Wire.Named {
    DEDUP, CORRELATION_RULE, SILENCE, INHIBIT_RULE, CHANGE, ROUTE, DEFAULT
}
