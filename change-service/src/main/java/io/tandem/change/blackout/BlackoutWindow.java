package io.tandem.change.blackout;

import java.time.Instant;
import java.util.UUID;

/** A period no change may be carried out in (a year-end freeze), except emergency changes. */
public record BlackoutWindow(UUID id, String name, Instant startsAt, Instant endsAt, String reason, String createdBy,
                             Instant createdAt) {
}
