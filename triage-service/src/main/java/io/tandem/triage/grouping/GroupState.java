package io.tandem.triage.grouping;

import io.tandem.model.Priority;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An alert group as triage keeps it: the alerts correlated under one group key, which of them still fire, and the
 * counts its lifecycle events carry. {@code resolvedAt} set means the group is closed and a new alert opens a new one.
 */
public record GroupState(UUID groupId, String groupKey, SignalKind kind, List<String> assetKeys, Set<String> alerts,
                         Set<String> firing, long signalCount, Severity maxSeverity, Priority priority, String team,
                         Instant firstSeen, Instant lastSeen, Instant resolvedAt) {

    public boolean open() {
        return resolvedAt == null;
    }
}
