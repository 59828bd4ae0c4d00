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
 * {@code routed} means a route already sent it on (to an incident or a notification), so later alerts only join it;
 * until then each firing alert meets the policies, and a muted group's next unmuted alert still pages.
 * {@code flapping} names the alerts of the group that are flapping now; {@code correlationRule} is the id of the rule
 * that grouped them.
 */
public record GroupState(UUID groupId, String groupKey, SignalKind kind, List<String> assetKeys, Set<String> alerts,
                         Set<String> firing, long signalCount, Severity maxSeverity, Priority priority, String team,
                         Instant firstSeen, Instant lastSeen, Instant resolvedAt, boolean routed, Set<String> flapping,
                         String correlationRule) {

    public GroupState {
        flapping = flapping == null ? Set.of() : Set.copyOf(flapping);
        correlationRule = correlationRule == null ? Correlator.DEFAULT_RULE : correlationRule;
    }

    public boolean open() {
        return resolvedAt == null;
    }

    /** The group open again, as it was before it resolved. */
    public GroupState reopened() {
        return new GroupState(groupId, groupKey, kind, assetKeys, alerts, firing, signalCount, maxSeverity, priority, team,
                firstSeen, lastSeen, null, routed, flapping, correlationRule);
    }

    /** The group after a route sent it to {@code toTeam}. */
    public GroupState routedTo(String toTeam) {
        return new GroupState(groupId, groupKey, kind, assetKeys, alerts, firing, signalCount, maxSeverity, priority, toTeam,
                firstSeen, lastSeen, resolvedAt, true, flapping, correlationRule);
    }

    /** The group once {@code fingerprint} has stopped flapping; if it rests resolved, it no longer fires. */
    public GroupState settled(String fingerprint, boolean resolved, Instant now) {
        Set<String> stillFlapping = new java.util.HashSet<>(flapping);
        stillFlapping.remove(fingerprint);
        Set<String> stillFiring = new java.util.HashSet<>(firing);
        if (resolved) {
            stillFiring.remove(fingerprint);
        }
        return new GroupState(groupId, groupKey, kind, assetKeys, alerts, stillFiring, signalCount, maxSeverity, priority,
                team, firstSeen, lastSeen, stillFiring.isEmpty() ? now : null, routed, stillFlapping, correlationRule);
    }
}
