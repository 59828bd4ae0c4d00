package io.tandem.model.incident;

import io.tandem.model.Wire;

/** One classification for both teams: a breach can be an outage and an outage can be a breach. */
public enum IncidentKind implements Wire.Named {
    SECURITY, OPERATIONAL, BOTH
}
