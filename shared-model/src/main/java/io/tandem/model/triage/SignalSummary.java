package io.tandem.model.triage;

import io.tandem.model.Require;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;

import java.time.Instant;
import java.util.Map;

/**
 * The signal fields a decision consumer needs without reading {@code signals.normalized}.
 *
 * @param labels the signal's labels, so silence previews and incident views can match and show them
 */
public record SignalSummary(String format, String fingerprint, SignalKind kind, Severity severity, SignalStatus status,
                            String assetKey, String title, Instant observedAt, Map<String, String> labels) {

    public SignalSummary {
        Require.text(fingerprint, "signal.fingerprint");
        Require.present(kind, "signal.kind");
        Require.present(severity, "signal.severity");
        Require.present(status, "signal.status");
        Require.present(observedAt, "signal.observedAt");
        labels = Require.map(labels);
    }
}
