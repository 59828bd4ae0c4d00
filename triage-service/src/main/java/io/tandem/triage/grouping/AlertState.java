package io.tandem.triage.grouping;

import io.tandem.model.signal.SignalStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One alert: every signal with the same fingerprint, counted, with the group it belongs to.
 *
 * @param changes  when its status last changed, within the flap window
 * @param flapping it changed status too often: its resolves do not resolve the group until it has been stable
 */
public record AlertState(UUID alertId, UUID groupId, String fingerprint, SignalStatus status, long count,
                         Instant firstSeen, Instant lastSeen, List<Instant> changes, boolean flapping) {

    public AlertState {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** The same alert, stable again. */
    public AlertState settled() {
        return new AlertState(alertId, groupId, fingerprint, status, count, firstSeen, lastSeen, List.of(), false);
    }
}
