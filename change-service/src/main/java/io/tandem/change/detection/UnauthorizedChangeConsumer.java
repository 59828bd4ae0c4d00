package io.tandem.change.detection;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tandem.change.support.Consumers;
import io.tandem.model.json.EventFormatException;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Signal;
import io.tandem.service.messaging.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads {@code signals.normalized} for configuration changes; a record that is not a Signal goes to
 * {@code signals.dlq}, and the offset is committed only after the signal was applied or dead-lettered.
 */
@ApplicationScoped
public class UnauthorizedChangeConsumer {

    public static final String CHANNEL = "signals-in";

    private final UnauthorizedChangeDetector detector;
    private final MeterRegistry metrics;

    public UnauthorizedChangeConsumer(UnauthorizedChangeDetector detector, MeterRegistry metrics) {
        this.detector = detector;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return Consumers.handle(message, () -> {
            if (message.getPayload() == null) {
                throw new EventFormatException(null, "empty record: a signal was expected");
            }
            Signal signal = Json.read(message.getPayload(), Signal.class);
            return detector.detect(signal, DeadLetters.eventId(message).orElse(signal.id().toString()));
        }, metrics, "signals", "invalid-signal", "change-detection-failed");
    }
}
