package io.tandem.model.incident;

import io.tandem.model.Wire;

/** Incident lifecycle state; {@code merged} incidents live on in the one they were merged into. */
public enum IncidentStatus implements Wire.Named {
    TRIGGERED, ACKNOWLEDGED, MITIGATED, RESOLVED, CLOSED, MERGED
}
