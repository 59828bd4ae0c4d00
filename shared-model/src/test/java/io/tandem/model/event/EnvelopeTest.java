package io.tandem.model.event;

import io.tandem.model.EventTypes;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

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
    void shouldNameTheMissingHeader() {
        assertThatThrownBy(() -> Envelope.readFrom(new RecordHeaders()))
                .hasMessageContaining("ce_id");
    }

    @Test
    void shouldDropDashesFromVerbs() {
        assertThat(EventTypes.of("change", "rolled-back")).isEqualTo("io.tandem.change.rolledback.v1");
    }
}
