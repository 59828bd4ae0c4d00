package io.tandem.triage.rules;

import io.tandem.model.triage.Enrichment;
import io.tandem.model.triage.SignalSummary;

import java.util.Locale;
import java.util.function.Function;

/**
 * What a matcher name reads. A plain name reads the signal's label of that name, as Alertmanager users expect
 * ({@code alertname}, {@code severity}, {@code instance}). The {@code signal.} names read canonical fields, whatever
 * the source called them: {@code signal.source} (format), {@code signal.kind}, {@code signal.severity}
 * ({@code high}), {@code signal.status}, {@code signal.title}, {@code signal.fingerprint}, {@code signal.asset}
 * (asset key). The {@code asset.} names read what the inventory knows: {@code asset.id}, {@code asset.team},
 * {@code asset.environment}, {@code asset.criticality}, {@code asset.managed} ({@code true}/{@code false}).
 */
public final class SignalFields implements Function<String, String> {

    private final SignalSummary signal;
    private final Enrichment asset;

    public SignalFields(SignalSummary signal, Enrichment asset) {
        this.signal = signal;
        this.asset = asset;
    }

    @Override
    public String apply(String name) {
        if (name.startsWith("signal.")) {
            return switch (name) {
                case "signal.source" -> signal.format();
                case "signal.kind" -> signal.kind().wire();
                case "signal.severity" -> signal.severity().name().toLowerCase(Locale.ROOT);
                case "signal.status" -> signal.status().wire();
                case "signal.title" -> signal.title();
                case "signal.fingerprint" -> signal.fingerprint();
                case "signal.asset" -> signal.assetKey();
                default -> signal.labels().get(name);
            };
        }
        if (name.startsWith("asset.")) {
            return switch (name) {
                case "asset.id" -> asset == null ? null : asset.assetId();
                case "asset.team" -> asset == null ? null : asset.ownerTeam();
                case "asset.environment" -> asset == null ? null : asset.environment();
                case "asset.criticality" -> asset == null || asset.criticality() == null ? null : asset.criticality().toString();
                case "asset.managed" -> Boolean.toString(asset != null && asset.managed());
                default -> signal.labels().get(name);
            };
        }
        return signal.labels().get(name);
    }
}
