package io.tandem.model.change;

import io.tandem.model.Require;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The full state of a change request, carried by every change event so consumers need no lookup. */
public record Change(
        UUID id,
        String title,
        ChangeType type,
        ChangeStatus status,
        Risk risk,
        String requester,
        List<String> assetIds,
        List<String> assetKeys,
        Instant plannedStart,
        Instant plannedEnd,
        SecurityImpact securityImpact,
        boolean temporary,
        Instant expiresAt,
        List<UUID> incidentIds,
        boolean causedIncident) {

    public Change {
        Require.present(id, "change.id");
        Require.text(title, "change.title");
        Require.present(type, "change.type");
        Require.present(status, "change.status");
        Require.text(requester, "change.requester");
        assetIds = Require.list(assetIds);
        assetKeys = Require.list(assetKeys);
        incidentIds = Require.list(incidentIds);
    }
}
