package io.tandem.service.messaging;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tandem.model.event.Envelope;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.util.List;

/**
 * Builds keyed CloudEvents for a Kafka channel (binary mode: {@code ce_*} headers, JSON payload) and sends them
 * through an emitter, completing only when the broker acknowledged every one, so callers can publish inside their
 * {@code Uni} chain instead of firing and forgetting.
 */
public final class CloudEventMessages {

    /** How many sends of one batch are in flight at once; keeps big batches within the emitter's buffer. */
    public static final int DEFAULT_CONCURRENCY = 256;

    /** A record keyed by {@code key} carrying {@code envelope} as headers; a null payload is a tombstone. */
    public static Message<Record<String, Object>> message(Envelope envelope, String key, Object payload) {
        RecordHeaders headers = new RecordHeaders();
        envelope.writeTo(headers);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(headers)
                .build();
        return Message.of(Record.of(key, payload), Metadata.of(metadata));
    }

    /** Sends one message; the {@code Uni} completes when Kafka acknowledged it and fails if it did not. */
    public static Uni<Void> send(MutinyEmitter<Record<String, Object>> emitter, Message<Record<String, Object>> message) {
        return emitter.sendMessage(message);
    }

    /**
     * Sends every message, at most {@link #DEFAULT_CONCURRENCY} in flight, and completes once all were acknowledged;
     * the first failure fails the whole batch.
     */
    public static Uni<Void> sendAll(MutinyEmitter<Record<String, Object>> emitter,
                                    List<Message<Record<String, Object>>> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(messages)
                .onItem().transformToUni(emitter::sendMessage).merge(DEFAULT_CONCURRENCY)
                .collect().last()
                .replaceWithVoid();
    }

    private CloudEventMessages() {
    }
}
