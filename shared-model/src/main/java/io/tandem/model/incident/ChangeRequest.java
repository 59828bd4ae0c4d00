package io.tandem.model.incident;

import io.tandem.model.Require;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A change a postmortem action item asks for (patch a fleet, rotate keys, add capacity), carried by the
 * {@code change-requested} incident event so change-service can open a change request linked to the incident.
 * {@code id} is stable per action item: a republished event asks for the same change.
 */
public record ChangeRequest(UUID id, UUID actionItemId, String title, String description, List<String> assetKeys,
                            String owner, LocalDate dueDate, String requestedBy) {

    public ChangeRequest {
        Require.present(id, "changeRequest.id");
        Require.present(actionItemId, "changeRequest.actionItemId");
        Require.text(title, "changeRequest.title");
        Require.text(requestedBy, "changeRequest.requestedBy");
        assetKeys = Require.list(assetKeys);
    }
}
