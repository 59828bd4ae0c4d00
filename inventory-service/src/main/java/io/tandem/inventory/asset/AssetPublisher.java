package io.tandem.inventory.asset;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.tandem.model.EventTypes;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.AssetEvent;
import io.tandem.model.event.Envelope;
import io.tandem.model.signal.Signal;
import io.tandem.service.messaging.CloudEventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Publishes what inventory knows: the latest state of each asset on the compacted {@code inventory.assets} (keyed
 * by id, a tombstone on delete), findings on {@code inventory.events} and their derived signals on
 * {@code signals.normalized}. Every method completes only when Kafka acknowledged, so callers publish inside their
 * transaction's {@code Uni} chain: a failed send rolls the change back instead of losing the event.
 */
@ApplicationScoped
public class AssetPublisher {

    public static final String ASSETS_CHANNEL = "inventory-assets-out";
    public static final String EVENTS_CHANNEL = "inventory-events-out";
    public static final String SIGNALS_CHANNEL = "derived-signals-out";
    /** The {@code ce_source} service name and the source format of derived signals' producer. */
    public static final String SERVICE = "inventory";

    private static final int BUFFER = 4096;

    private final MutinyEmitter<Record<String, Object>> assets;
    private final MutinyEmitter<Record<String, Object>> events;
    private final MutinyEmitter<Record<String, Object>> signals;
    private final MeterRegistry metrics;

    public AssetPublisher(@Channel(ASSETS_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
                          MutinyEmitter<Record<String, Object>> assets,
                          @Channel(EVENTS_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
                          MutinyEmitter<Record<String, Object>> events,
                          @Channel(SIGNALS_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
                          MutinyEmitter<Record<String, Object>> signals,
                          MeterRegistry metrics) {
        this.assets = assets;
        this.events = events;
        this.signals = signals;
        this.metrics = metrics;
    }

    /** The latest state of each asset. */
    public Uni<Void> states(List<Asset> states) {
        List<Message<Record<String, Object>>> messages = states.stream()
                .map(a -> CloudEventMessages.message(
                        Envelope.of(EventTypes.ASSET_UPDATED, SERVICE, a.id().toString(), a.updatedAt()),
                        a.id().toString(), a))
                .toList();
        return CloudEventMessages.sendAll(assets, messages)
                .invoke(() -> metrics.counter("tandem.inventory.asset.states.published").increment(states.size()));
    }

    /** The tombstone that removes a deleted asset from every compacted view. */
    public Uni<Void> deleted(UUID id, Instant at) {
        return CloudEventMessages.send(assets, CloudEventMessages.message(
                Envelope.of(EventTypes.ASSET_DELETED, SERVICE, id.toString(), at), id.toString(), null));
    }

    /** A finding about an asset, and the derived signal that lets triage route it like any alert (if any). */
    public Uni<Void> finding(AssetEvent event, Signal derived) {
        String key = event.asset().id().toString();
        Envelope envelope = new Envelope(Findings.eventId(event).toString(),
                EventTypes.of("asset", event.action().wire()), Envelope.service(SERVICE), key, event.occurredAt());
        Uni<Void> sent = CloudEventMessages.send(events, CloudEventMessages.message(envelope, key, event));
        if (derived != null) {
            Envelope signalEnvelope = new Envelope(derived.id().toString(), EventTypes.SIGNAL_NORMALIZED,
                    Envelope.service(SERVICE), derived.asset().key(), derived.ingestedAt());
            sent = sent.chain(() -> CloudEventMessages.send(signals,
                    CloudEventMessages.message(signalEnvelope, derived.asset().key(), derived)));
        }
        return sent.invoke(() -> metrics.counter("tandem.inventory.findings.published", "action", event.action().wire())
                .increment());
    }
}
