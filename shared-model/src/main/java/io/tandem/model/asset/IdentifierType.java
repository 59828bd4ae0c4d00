package io.tandem.model.asset;

import io.tandem.model.Wire;

/** The ways an asset is named by tools. */
public enum IdentifierType implements Wire.Named {
    HOSTNAME, FQDN, IP, CLOUD_RESOURCE_ID, MAC
}
