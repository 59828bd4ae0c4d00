package io.tandem.model.incident;

import io.tandem.model.Priority;
import io.tandem.model.Require;
import io.tandem.model.signal.Severity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The full state of an incident, carried by every incident event so that KPI and change can compute from the
 * event alone. {@code firstSignalAt} is the earliest observed signal (MTTD starts there).
 */
public record Incident(
        UUID id,
        String title,
        IncidentKind kind,
        IncidentStatus status,
        Priority priority,
        Severity severity,
        String team,
        String assignee,
        String commander,
        List<String> assetKeys,
        List<UUID> alertGroupIds,
        List<UUID> changeIds,
        boolean possiblyChangeInduced,
        Instant firstSignalAt,
        Instant openedAt,
        Instant acknowledgedAt,
        Instant mitigatedAt,
        Instant resolvedAt,
        Instant closedAt,
        Instant acknowledgeBy,
        Instant resolveBy,
        List<String> slaBreaches,
        UUID mergedInto) {

    public Incident {
        Require.present(id, "incident.id");
        Require.text(title, "incident.title");
        Require.present(kind, "incident.kind");
        Require.present(status, "incident.status");
        Require.present(priority, "incident.priority");
        Require.present(openedAt, "incident.openedAt");
        assetKeys = Require.list(assetKeys);
        alertGroupIds = Require.list(alertGroupIds);
        changeIds = Require.list(changeIds);
        slaBreaches = Require.list(slaBreaches);
    }
}
