package io.tandem.model.change;

import io.tandem.model.Wire;

/** ITIL change types: standard (pre-approved template), normal, emergency. */
public enum ChangeType implements Wire.Named {
    STANDARD, NORMAL, EMERGENCY
}
