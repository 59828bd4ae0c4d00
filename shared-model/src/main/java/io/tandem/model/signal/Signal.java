package io.tandem.model.signal;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.model.Require;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The canonical signal every format is normalized into (OCSF-aligned). Ingest is the only place that knows
 * native formats; everything downstream reads this.
 *
 * @param id             deterministic: the same source event always yields the same id
 * @param fingerprint    dedup key, the source's own where it has one
 * @param observedAt     the tool's time, not ours
 * @param raw            source fields with no canonical home, kept rather than dropped
 */
public record Signal(
        UUID id,
        SignalSource source,
        String sourceEventId,
        String fingerprint,
        SignalKind kind,
        String category,
        String title,
        String description,
        Severity severity,
        SignalStatus status,
        Instant observedAt,
        Instant ingestedAt,
        AssetRef asset,
        Map<String, String> labels,
        List<Observable> observables,
        List<AttackRef> attack,
        VulnerabilityRef vulnerability,
        String rawRef,
        JsonNode raw) {

    public Signal {
        Require.present(id, "id");
        Require.present(source, "source");
        Require.text(fingerprint, "fingerprint");
        Require.present(kind, "kind");
        Require.text(title, "title");
        Require.present(severity, "severity");
        Require.present(status, "status");
        Require.present(observedAt, "observedAt");
        Require.present(ingestedAt, "ingestedAt");
        asset = asset == null ? AssetRef.UNKNOWN : asset;
        labels = Require.map(labels);
        observables = Require.list(observables);
        attack = Require.list(attack);
    }
}
