package io.tandem.ingest.format;

import java.time.Instant;

/**
 * What the transport knows about a payload: the sender instance (token subject or integration key source),
 * when it arrived, and where the original lives ({@code signals.raw/0/42} or an HTTP request id).
 */
public record ParseContext(String instance, Instant ingestedAt, String rawRef) {
}
