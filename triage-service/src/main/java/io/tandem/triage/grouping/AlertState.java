package io.tandem.triage.grouping;

import io.tandem.model.signal.SignalStatus;

import java.time.Instant;
import java.util.UUID;

/** One alert: every signal with the same fingerprint, counted, with the group it belongs to. */
public record AlertState(UUID alertId, UUID groupId, String fingerprint, SignalStatus status, long count,
                         Instant firstSeen, Instant lastSeen) {
}
