package io.tandem.model.triage;

import io.tandem.model.Require;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;

import java.time.Instant;

/** The signal fields a decision consumer needs without reading {@code signals.normalized}. */
public record SignalSummary(String format, String fingerprint, SignalKind kind, Severity severity, SignalStatus status,
                            String assetKey, String title, Instant observedAt) {

    public SignalSummary {
        Require.text(fingerprint, "signal.fingerprint");
        Require.present(kind, "signal.kind");
        Require.present(severity, "signal.severity");
        Require.present(status, "signal.status");
        Require.present(observedAt, "signal.observedAt");
    }
}
