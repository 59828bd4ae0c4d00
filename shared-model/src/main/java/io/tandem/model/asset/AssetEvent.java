package io.tandem.model.asset;

import io.tandem.model.Require;

import java.time.Instant;
import java.util.UUID;

/** An inventory finding about one asset; {@code signalId} names the signal that revealed it, if any. */
public record AssetEvent(AssetAction action, Asset asset, UUID signalId, String reason, Instant occurredAt) {

    public AssetEvent {
        Require.present(action, "action");
        Require.present(asset, "asset");
        Require.text(reason, "reason");
        Require.present(occurredAt, "occurredAt");
    }
}
