package io.tandem.model.change;

import io.tandem.model.Wire;

/** Change risk, computed from asset criticality, type and window unless overridden with a reason. */
public enum Risk implements Wire.Named {
    LOW, MEDIUM, HIGH
}
