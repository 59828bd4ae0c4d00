package io.tandem.triage.projection;

import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.Enrichment;
import io.tandem.model.triage.SignalSummary;

import java.util.UUID;

/** An alert as the projection knows it: its latest signal and what the inventory said about its asset. */
public record AlertView(String fingerprint, UUID alertId, UUID groupId, SignalStatus status, SignalSummary signal,
                        Enrichment asset) {
}
