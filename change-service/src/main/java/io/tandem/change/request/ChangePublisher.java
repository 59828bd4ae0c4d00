package io.tandem.change.request;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.tandem.model.EventTypes;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.event.Envelope;
import io.tandem.model.signal.Signal;
import io.tandem.service.messaging.CloudEventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.util.UUID;

/**
 * Publishes change events on {@code changes.events} (keyed by change id) and derived signals on
 * {@code signals.normalized}. Every method completes only when Kafka acknowledged, so callers publish inside their
 * transaction's {@code Uni} chain: a failed send rolls the change back instead of losing the event.
 */
@ApplicationScoped
public class ChangePublisher {

    public static final String CHANGES_CHANNEL = "changes-out";
    public static final String SIGNALS_CHANNEL = "derived-signals-out";
    /** The {@code ce_source} service name. */
    public static final String SERVICE = "change";

    private static final int BUFFER = 4096;

    private final MutinyEmitter<Record<String, Object>> changes;
    private final MutinyEmitter<Record<String, Object>> signals;
    private final MeterRegistry metrics;

    public ChangePublisher(@Channel(CHANGES_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
                           MutinyEmitter<Record<String, Object>> changes,
                           @Channel(SIGNALS_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
                           MutinyEmitter<Record<String, Object>> signals,
                           MeterRegistry metrics) {
        this.changes = changes;
        this.signals = signals;
        this.metrics = metrics;
    }

    /** One change event with a fresh id: a lifecycle step a person took once. */
    public Uni<Void> event(ChangeEvent event) {
        return event(event, UUID.randomUUID());
    }

    /** One change event with a stable id: a retried job or a redelivered input yields the same id. */
    public Uni<Void> event(ChangeEvent event, UUID id) {
        String key = event.change().id().toString();
        Envelope envelope = new Envelope(id.toString(), EventTypes.of("change", event.action().wire()),
                Envelope.service(SERVICE), key, event.occurredAt());
        return CloudEventMessages.send(changes, CloudEventMessages.message(envelope, key, event))
                .invoke(() -> metrics.counter("tandem.change.events.published", "action", event.action().wire())
                        .increment());
    }

    /** A derived signal, keyed by its asset key like every signal. */
    public Uni<Void> signal(Signal signal) {
        String key = signal.asset().key();
        Envelope envelope = new Envelope(signal.id().toString(), EventTypes.SIGNAL_NORMALIZED, Envelope.service(SERVICE),
                key, signal.ingestedAt());
        return CloudEventMessages.send(signals, CloudEventMessages.message(envelope, key, signal))
                .invoke(() -> metrics.counter("tandem.change.signals.published", "kind", signal.kind().wire()).increment());
    }
}
