package io.tandem.service.messaging;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tandem.model.Headers;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a consumer needs to dead-letter a record the platform's way ({@code failure-strategy=dead-letter-queue}):
 * the nack metadata carrying {@code tandem-error*} and origin headers, and the stable CloudEvent id to deduplicate on.
 */
public final class DeadLetters {

    /** Nack metadata for {@code message}: the short reason, the failure's message and where the record came from. */
    public static Metadata metadata(Message<?> message, String error, Throwable failure) {
        RecordHeaders headers = new RecordHeaders();
        message.getMetadata(IncomingKafkaRecordMetadata.class).ifPresent(m -> {
            put(headers, Headers.ORIGIN_TOPIC, m.getTopic());
            put(headers, Headers.ORIGIN_PARTITION, Integer.toString(m.getPartition()));
            put(headers, Headers.ORIGIN_OFFSET, Long.toString(m.getOffset()));
        });
        put(headers, Headers.ERROR, error);
        put(headers, Headers.ERROR_DETAIL, String.valueOf(failure.getMessage()));
        return Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
    }

    /** The record's {@code ce_id} header, stable across redeliveries; empty when the producer set none. */
    public static Optional<String> eventId(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader("ce_id"))
                .map(Header::value)
                .map(v -> new String(v, StandardCharsets.UTF_8));
    }

    private static void put(RecordHeaders headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private DeadLetters() {
    }
}
