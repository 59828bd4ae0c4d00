package io.tandem.incident.incident;

import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;

import java.time.Instant;
import java.util.UUID;

/** A signal attached to an incident. */
public record Alert(UUID signalId, UUID alertGroupId, UUID alertId, String fingerprint, String title, SignalKind kind,
                    Severity severity, String assetKey, Instant observedAt, Instant attachedAt) {

    /** The paging position of an alert: attach time, then signal id. */
    public record Key(Instant attachedAt, UUID signalId) {
    }
}
