package io.tandem.ingest.pipeline;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.tandem.model.EventTypes;
import io.tandem.model.Topics;
import io.tandem.model.event.Envelope;
import io.tandem.model.signal.Signal;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;

/**
 * Publishes canonical signals on {@code signals.normalized}, keyed by asset key, as CloudEvents whose id is the
 * signal id (so a re-sent event is recognisably the same event). The returned {@code Uni} completes only when the
 * broker has acknowledged every signal with {@code acks=all}: callers answer or commit after that, never before.
 */
@ApplicationScoped
public class SignalPublisher {

    public static final String CHANNEL = "signals-normalized-out";
    private static final java.net.URI SOURCE = Envelope.service("ingest");

    private final MutinyEmitter<Signal> emitter;

    public SignalPublisher(@Channel(CHANNEL) MutinyEmitter<Signal> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(List<Signal> signals) {
        if (signals.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = signals.stream().map(this::send).toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private Uni<Void> send(Signal signal) {
        RecordHeaders headers = new RecordHeaders();
        new Envelope(signal.id().toString(), EventTypes.SIGNAL_NORMALIZED, SOURCE, signal.fingerprint(), signal.ingestedAt())
                .writeTo(headers);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topics.SIGNALS_NORMALIZED)
                .withKey(signal.asset().key())
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(signal).addMetadata(metadata));
    }
}
