package io.tandem.incident.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tandem.model.Wire;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A subscription to incident events: where to POST them, in which body format, for which teams, priorities and
 * kinds (empty = all). The secret signs every body; it is shown only in the answer that creates the webhook.
 */
public record Webhook(UUID id, String name, String url, @JsonInclude(JsonInclude.Include.NON_NULL) String secret,
                      Format format, List<String> teams, List<String> priorities, List<String> kinds,
                      Instant createdAt) {

    /** {@code generic}: the incident event as JSON; {@code slack}: a Slack incoming-webhook message. */
    public enum Format implements Wire.Named { GENERIC, SLACK }
}
