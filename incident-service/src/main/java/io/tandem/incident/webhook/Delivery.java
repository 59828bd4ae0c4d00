package io.tandem.incident.webhook;

import java.time.Instant;
import java.util.UUID;

/** One event on its way to one webhook; {@code id} is the Idempotency-Key of every attempt. */
public record Delivery(UUID id, UUID webhookId, String eventId, String eventType, int attempts, Instant nextAttemptAt,
                       Instant deliveredAt, Instant failedAt, String lastError, Instant createdAt) {
}
