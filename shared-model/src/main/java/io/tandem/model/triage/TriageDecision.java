package io.tandem.model.triage;

import io.tandem.model.Priority;
import io.tandem.model.Require;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Exactly one per signal on {@code triage.decisions}: what triage did, which rule did it, and why in words.
 *
 * @param flags facts that shaped the decision: {@code flapping}, {@code unmanaged-asset}, {@code possibly-change-induced}
 */
public record TriageDecision(
        UUID signalId,
        UUID alertGroupId,
        UUID alertId,
        DecisionOutcome outcome,
        Decider decidedBy,
        RouteTarget route,
        Priority priority,
        Enrichment enrichment,
        SignalSummary signal,
        String reason,
        List<String> flags,
        Instant decidedAt) {

    public TriageDecision {
        Require.present(signalId, "signalId");
        Require.present(alertGroupId, "alertGroupId");
        Require.present(outcome, "outcome");
        Require.present(decidedBy, "decidedBy");
        Require.present(signal, "signal");
        Require.text(reason, "reason");
        Require.present(decidedAt, "decidedAt");
        flags = Require.list(flags);
    }
}
