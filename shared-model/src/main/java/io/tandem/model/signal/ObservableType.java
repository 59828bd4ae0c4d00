package io.tandem.model.signal;

import io.tandem.model.Wire;

/** Kinds of indicator a signal can carry; cross-asset correlation groups on shared values. */
public enum ObservableType implements Wire.Named {
    IP, DOMAIN, URL, USER, EMAIL, FILE_HASH, FILE, PROCESS, MAC, OTHER
}
