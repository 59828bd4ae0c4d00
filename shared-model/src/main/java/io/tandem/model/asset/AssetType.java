package io.tandem.model.asset;

import io.tandem.model.Wire;

/** What kind of thing an asset is. */
public enum AssetType implements Wire.Named {
    HOST, VM, CONTAINER, CLOUD_RESOURCE, NETWORK_DEVICE, APPLICATION, IDENTITY
}
