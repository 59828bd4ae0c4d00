package io.tandem.inventory.discovery;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tandem.model.json.EventFormatException;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Signal;
import io.tandem.service.messaging.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;


/**
 * Reads {@code signals.normalized} for discovery. The payload arrives as bytes and is parsed here, so a record that
 * is not a Signal goes to {@code signals.dlq} with its original bytes and the reason in {@code tandem-error*}
 * headers instead of stopping the channel; processing failures take the same path after the transaction rolled
 * back, and the offset is committed only after the record was applied or dead-lettered.
 */
@ApplicationScoped
public class DiscoveryConsumer {

    public static final String CHANNEL = "signals-in";

    private static final Logger LOG = Logger.getLogger(DiscoveryConsumer.class);

    private final DiscoveryService discovery;
    private final MeterRegistry metrics;

    public DiscoveryConsumer(DiscoveryService discovery, MeterRegistry metrics) {
        this.discovery = discovery;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return Uni.createFrom().item(message::getPayload)
                .map(DiscoveryConsumer::parse)
                .chain(signal -> discovery.discover(signal, eventId(message, signal)))
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure == null) {
                        metrics.counter("tandem.inventory.signals.processed", "outcome", outcome.name().toLowerCase())
                                .increment();
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    metrics.counter("tandem.inventory.signals.failed").increment();
                    LOG.warnf("signal dead-lettered: %s", failure.getMessage());
                    return Uni.createFrom().completionStage(message.nack(failure, deadLetter(message, failure)));
                });
    }

    private static Signal parse(byte[] payload) {
        if (payload == null) {
            throw new EventFormatException(null, "empty record: a signal was expected");
        }
        return Json.read(payload, Signal.class);
    }

    /** The CloudEvent id where the producer set one (stable across redeliveries), the signal id otherwise. */
    private static String eventId(Message<byte[]> message, Signal signal) {
        return DeadLetters.eventId(message).orElse(signal.id().toString());
    }

    private static Metadata deadLetter(Message<byte[]> message, Throwable failure) {
        return DeadLetters.metadata(message, failure instanceof EventFormatException ? "invalid-signal"
                : "inventory-processing-failed", failure);
    }
}
