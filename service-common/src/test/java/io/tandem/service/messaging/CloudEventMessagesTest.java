package io.tandem.service.messaging;

import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tandem.model.event.Envelope;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CloudEventMessagesTest {

    @Test
    @SuppressWarnings("unchecked")
    void shouldKeyTheRecordAndCarryTheEnvelopeAsHeaders() {
        Envelope envelope = Envelope.of("io.tandem.thing.updated.v1", "test", "thing-1", Instant.parse("2026-01-01T00:00:00Z"));

        Message<Record<String, Object>> message = CloudEventMessages.message(envelope, "thing-1", null);

        assertThat(message.getPayload().key()).isEqualTo("thing-1");
        assertThat(message.getPayload().value()).isNull();
        OutgoingKafkaRecordMetadata<String> metadata = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(metadata.getKey()).isEqualTo("thing-1");
        assertThat(Envelope.readFrom(metadata.getHeaders())).isEqualTo(envelope);
    }
}
