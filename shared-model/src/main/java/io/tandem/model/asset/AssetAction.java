package io.tandem.model.asset;

import io.tandem.model.Wire;

/** Inventory findings published on {@code inventory.events}. */
public enum AssetAction implements Wire.Named {
    DISCOVERED, UNMANAGED, ZOMBIE_SEEN, STALE, DECOMMISSIONED
}
