package io.tandem.model.asset;

import io.tandem.model.Wire;

/** Privilege of an identity asset; signals about privileged identities are prioritised higher. */
public enum PrivilegeLevel implements Wire.Named {
    STANDARD, PRIVILEGED, DOMAIN_ADMIN
}
