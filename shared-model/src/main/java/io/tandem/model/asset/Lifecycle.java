package io.tandem.model.asset;

import io.tandem.model.Wire;

/** Asset lifecycle; {@code discovered} assets were seen in signals before anyone registered them. */
public enum Lifecycle implements Wire.Named {
    PLANNED, DISCOVERED, ACTIVE, DECOMMISSIONED
}
