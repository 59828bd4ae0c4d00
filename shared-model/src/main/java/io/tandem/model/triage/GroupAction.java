package io.tandem.model.triage;

import io.tandem.model.Wire;

/** Alert group lifecycle step. */
public enum GroupAction implements Wire.Named {
    OPENED, UPDATED, RESOLVED
}
