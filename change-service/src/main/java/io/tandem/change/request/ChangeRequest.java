package io.tandem.change.request;

import io.tandem.model.change.Change;
import io.tandem.model.change.ChangeStatus;
import io.tandem.model.change.ChangeType;
import io.tandem.model.change.Risk;
import io.tandem.model.change.SecurityImpact;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A change request as the API shows it: the {@link Change} that events carry plus what only people need (plan,
 * approvals, conflicts, review, timestamps).
 *
 * @param computedRisk       what the service computed; {@code risk} differs only when overridden with {@code riskReason}
 * @param requiredApprovals  distinct change-manager approvals needed before the change is approved
 * @param unauthorized       recorded from a configuration-change signal that no approved change covered
 */
public record ChangeRequest(
        UUID id,
        String title,
        String description,
        ChangeType type,
        ChangeStatus status,
        UUID templateId,
        Risk risk,
        Risk computedRisk,
        String riskReason,
        String requester,
        List<UUID> assetIds,
        List<String> assetKeys,
        Instant plannedStart,
        Instant plannedEnd,
        String rollbackPlan,
        SecurityImpact securityImpact,
        boolean temporary,
        Instant expiresAt,
        int requiredApprovals,
        List<Approval> approvals,
        List<Conflict> conflicts,
        boolean unauthorized,
        List<UUID> incidentIds,
        boolean causedIncident,
        Instant startedAt,
        Instant completedAt,
        Instant rolledBackAt,
        Instant reviewDueAt,
        Instant reviewedAt,
        String reviewedBy,
        Instant createdAt,
        Instant updatedAt) {

    /** One change manager's approval. */
    public record Approval(String approver, Instant approvedAt, String comment) {
    }

    /** The state every change event carries. */
    public Change toChange() {
        return new Change(id, title, type, status, risk, requester, assetIds.stream().map(UUID::toString).toList(),
                assetKeys, plannedStart, plannedEnd, securityImpact, temporary, expiresAt, incidentIds, causedIncident);
    }

    /** Security impact is "not none" when assessed and any aspect is touched. */
    public boolean securitySensitive() {
        return securityImpact != null && !securityImpact.none();
    }
}
