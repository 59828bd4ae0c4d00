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
 * The platform's dead-letter metadata for a consumer's {@code nack}: why ({@code tandem-error*}) and where the record
 * came from (origin topic, partition, offset), so {@code signals.dlq} explains every record it holds.
 */
public final class DeadLetters {

    /** Metadata for {@code message.nack(failure, metadata)}; {@code error} is a short machine-readable reason. */
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

    /** A header of the incoming record as text, e.g. {@code ce_id}. */
    public static Optional<String> header(Message<?> message, String key) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(key))
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
