package io.tandem.change.template;

import io.tandem.model.change.Risk;

import java.time.Instant;
import java.util.UUID;

/** A pre-approved standard change: changes made from it skip approval and carry its assessed risk. */
public record ChangeTemplate(UUID id, String name, String description, String rollbackPlan, Risk risk, String createdBy,
                             Instant createdAt) {
}
