package io.tandem.model.triage;

import io.tandem.model.Priority;
import io.tandem.model.Require;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Alert group lifecycle on {@code alerts.groups}, with the group's state after the step.
 *
 * @param groupKey the values the correlation rule grouped on, e.g. {@code web-01|availability}
 */
public record AlertGroupEvent(
        UUID groupId,
        GroupAction action,
        String groupKey,
        String correlationRuleId,
        SignalKind kind,
        List<String> assetKeys,
        int alertCount,
        int firingAlertCount,
        long signalCount,
        Severity maxSeverity,
        Priority priority,
        String team,
        boolean flapping,
        Instant firstSeen,
        Instant lastSeen,
        Instant resolvedAt,
        Instant occurredAt) {

    public AlertGroupEvent {
        Require.present(groupId, "groupId");
        Require.present(action, "action");
        Require.text(groupKey, "groupKey");
        Require.present(kind, "kind");
        Require.present(firstSeen, "firstSeen");
        Require.present(lastSeen, "lastSeen");
        Require.present(occurredAt, "occurredAt");
        assetKeys = Require.list(assetKeys);
    }
}
