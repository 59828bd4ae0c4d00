package io.tandem.ingest.key;

import java.time.Instant;
import java.util.UUID;

/**
 * An integration key as stored on {@code ingest.config}: never the secret, only its SHA-256. {@code revision} changes
 * with every write, so the writer can tell when its own write has reached the local view.
 */
public record IntegrationKey(String id, String source, String description, String secretSha256, String createdBy,
                             Instant createdAt, String revokedBy, Instant revokedAt, UUID revision) {

    public boolean revoked() {
        return revokedAt != null;
    }

    /** What the API shows: everything but the hash. */
    public View view() {
        return new View(id, source, description, createdBy, createdAt, revokedBy, revokedAt);
    }

    /** The listed form of a key. */
    public record View(String id, String source, String description, String createdBy, Instant createdAt,
                       String revokedBy, Instant revokedAt) {
    }
}
