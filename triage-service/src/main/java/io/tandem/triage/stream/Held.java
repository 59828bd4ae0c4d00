package io.tandem.triage.stream;

import io.tandem.model.signal.AssetRef;
import io.tandem.model.triage.Decider;
import io.tandem.model.triage.Enrichment;
import io.tandem.model.triage.SignalSummary;

import java.time.Instant;
import java.util.UUID;

/**
 * A firing alert that a silence, an inhibit rule or a change window holds back, with what is needed to decide again
 * when the hold lifts: then, if it still fires and its group has not paged, it gets one follow-up decision.
 */
public record Held(UUID signalId, UUID alertId, UUID groupId, String groupKey, SignalSummary signal, Enrichment asset,
                   AssetRef ref, Decider decider, Instant heldAt) {
}
