package io.tandem.model.action;

import io.tandem.model.Require;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A response action for an external executor on {@code actions.requests} (isolate host, disable user, open ticket,
 * run playbook); its result comes back through the incident API under {@code actionId}.
 */
public record ActionRequest(UUID actionId, UUID incidentId, String type, String target, Map<String, String> parameters,
                            String requestedBy, String approvedBy, Instant requestedAt) {

    public ActionRequest {
        Require.present(actionId, "actionId");
        Require.present(incidentId, "incidentId");
        Require.text(type, "type");
        Require.text(target, "target");
        Require.text(requestedBy, "requestedBy");
        Require.present(requestedAt, "requestedAt");
        parameters = Require.map(parameters);
    }
}
