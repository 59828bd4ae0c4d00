package io.tandem.model.event;

import io.tandem.model.EventTypes;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeTest {

    @Test
    void shouldWriteBinaryModeHeadersAndReadThemBack() {
        Envelope envelope = Envelope.of(EventTypes.of("incident", "acknowledged"), "incident", "f0f0",
                Instant.parse("2026-11-20T08:17:40Z"));
        RecordHeaders headers = new RecordHeaders();

        envelope.writeTo(headers);

        assertThat(new String(headers.lastHeader("ce_specversion").value(), StandardCharsets.UTF_8)).isEqualTo("1.0");
        assertThat(new String(headers.lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                .isEqualTo("io.tandem.incident.acknowledged.v1");
        assertThat(new String(headers.lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .isEqualTo("application/json");
        assertThat(Envelope.readFrom(headers)).isEqualTo(envelope);
    }

    @Test
    void shouldReplaceTheEnvelopeOfARecordThatHasOneAndKeepItsOtherHeaders() {
        Instant time = Instant.parse("2026-11-20T08:17:40Z");
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8));
        Envelope.of(EventTypes.of("incident", "opened"), "incident", "a", time).writeTo(headers);
        Envelope second = Envelope.of(EventTypes.of("incident", "acknowledged"), "incident", "b", time);

        second.writeTo(headers);

        assertThat(Envelope.readFrom(headers)).isEqualTo(second);
        assertThat(headers.headers("ce_id")).hasSize(1);
        assertThat(headers.headers("ce_subject")).hasSize(1);
        assertThat(headers.headers("traceparent")).hasSize(1);
    }

    @Test
    void shouldWriteExactlyTheHeadersTheCloudEventsSdkWrites() {
        for (Envelope envelope : List.of(
                Envelope.of(EventTypes.DECISION_MADE, "triage", "a/b c", Instant.parse("2026-11-20T08:17:40.123456789Z")),
                new Envelope("id-1", EventTypes.SIGNAL_NORMALIZED, Envelope.service("ingest"), null,
                        Instant.parse("2026-03-29T01:00:00Z")),
                // The SDK drops a fraction's trailing zeros, where Instant.toString() keeps groups of three.
                Envelope.of(EventTypes.DECISION_MADE, "triage", null, Instant.parse("2026-11-20T08:17:40.120Z")),
                Envelope.of(EventTypes.DECISION_MADE, "triage", null, Instant.parse("2026-11-20T08:17:40.123400Z")),
                Envelope.of(EventTypes.DECISION_MADE, "triage", null, Instant.parse("2026-12-31T23:59:59.000000001Z")),
                Envelope.of(EventTypes.DECISION_MADE, "triage", null, Instant.parse("1969-07-20T20:17:40.5Z")),
                Envelope.of(EventTypes.DECISION_MADE, "triage", null, Instant.parse("+12026-01-01T00:00:00.1Z")))) {
            RecordHeaders ours = new RecordHeaders();
            ours.add("ce_id", "stale".getBytes(StandardCharsets.UTF_8));
            envelope.writeTo(ours);
            CloudEvent event = CloudEventBuilder.v1().withId(envelope.id()).withType(envelope.type())
                    .withSource(envelope.source()).withSubject(envelope.subject())
                    .withTime(envelope.time().atOffset(ZoneOffset.UTC)).withDataContentType(Envelope.CONTENT_TYPE).build();
            ProducerRecord<?, byte[]> sdk = KafkaMessageFactory.createWriter("t").writeBinary(event);

            assertThat(text(ours)).isEqualTo(text(sdk.headers()));
            assertThat(Envelope.readFrom(ours)).isEqualTo(envelope);
        }
    }

    private static Map<String, String> text(Headers headers) {
        Map<String, String> text = new TreeMap<>();
        headers.forEach(h -> assertThat(text.put(h.key(), new String(h.value(), StandardCharsets.UTF_8))).as(h.key()).isNull());
        return text;
    }

    @Test
    void shouldNameTheMissingHeader() {
        assertThatThrownBy(() -> Envelope.readFrom(new RecordHeaders()))
                .hasMessageContaining("ce_id");
    }

    @Test
    void shouldDropDashesFromVerbs() {
        assertThat(EventTypes.of("change", "rolled-back")).isEqualTo("io.tandem.change.rolledback.v1");
    }
}
