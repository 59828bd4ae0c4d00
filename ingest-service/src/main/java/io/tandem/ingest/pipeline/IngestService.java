package io.tandem.ingest.pipeline;

import io.smallrye.mutiny.Uni;
import io.tandem.model.signal.Signal;
import io.tandem.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.UUID;

/**
 * One HTTP payload in: size check, parse, publish, count. Every HTTP entry point (the native API and the drop-ins)
 * goes through here, so they share one set of guarantees: the signals are on Kafka ({@code acks=all}) before the
 * returned {@code Uni} completes.
 */
@ApplicationScoped
public class IngestService {

    private final Normalizer normalizer;
    private final SignalPublisher publisher;
    private final IngestMetrics metrics;
    private final int maxPayloadBytes;

    public IngestService(Normalizer normalizer, SignalPublisher publisher, IngestMetrics metrics,
                         @ConfigProperty(name = "tandem.ingest.max-payload-bytes") int maxPayloadBytes) {
        this.normalizer = normalizer;
        this.publisher = publisher;
        this.metrics = metrics;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The published signals of {@code payload}; a payload that does not fit fails before anything is published. */
    public Uni<List<Signal>> ingest(String format, byte[] payload, String sender) {
        if (payload.length > maxPayloadBytes) {
            throw new ProblemException(413, "Payload Too Large", "payload of " + payload.length
                    + " bytes is over the limit of " + maxPayloadBytes + " bytes", List.of());
        }
        List<Signal> signals;
        try {
            signals = normalizer.normalize(format, payload, sender, "http:" + UUID.randomUUID());
        } catch (RuntimeException e) {
            metrics.signals(format, IngestMetrics.Outcome.REJECTED, 1);
            throw e;
        }
        return publisher.publish(signals)
                .invoke(() -> metrics.signals(format, IngestMetrics.Outcome.ACCEPTED, signals.size()))
                .replaceWith(signals);
    }
}
