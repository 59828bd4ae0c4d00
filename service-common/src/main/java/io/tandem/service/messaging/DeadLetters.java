package io.tandem.service.messaging;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tandem.model.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;

/**
 * The platform's dead-letter headers for a consumer's {@code nack}: why ({@code tandem-error},
 * {@code tandem-error-detail}) and where the record came from (origin topic, partition, offset), so an operator
 * reading {@code signals.dlq} can find and replay it.
 */
public final class DeadLetters {

    /** Metadata to pass to {@code message.nack(failure, metadata)} with the channel's dead-letter-queue strategy. */
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

    private static void put(RecordHeaders headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private DeadLetters() {
    }
}
