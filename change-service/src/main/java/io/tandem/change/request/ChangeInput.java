package io.tandem.change.request;

import io.tandem.model.change.ChangeType;
import io.tandem.model.change.Risk;
import io.tandem.model.change.SecurityImpact;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A validated create or replace body of {@code /api/v1/changes}; {@code riskOverride} comes with {@code riskReason}. */
public record ChangeInput(String title, String description, ChangeType type, UUID templateId, List<UUID> assetIds,
                          Instant plannedStart, Instant plannedEnd, Risk riskOverride, String riskReason,
                          String rollbackPlan, SecurityImpact securityImpact, boolean temporary, Instant expiresAt) {
}
