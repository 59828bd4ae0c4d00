package io.tandem.model.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IsoInstantsTest {

    private static final List<String> TIMES = List.of("1970-01-01T00:00:00Z", "1999-02-28T07:08:09.1Z",
            "2000-02-29T23:59:59.01Z", "2024-05-01T10:00:00.123456Z", "2024-05-01T10:00:00.123456780Z",
            "2024-05-01T10:00:00.100000001Z", "9999-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59.5Z",
            "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z");

    private record Event(Instant at) {
    }

    @Test
    void shouldWriteTimesAsInstantToStringDoes() {
        for (String time : TIMES) {
            Instant instant = Instant.parse(time);
            assertThat(IsoInstants.format(instant)).as(time).isEqualTo(instant.toString());
        }
        Instant instant = Instant.parse("2024-05-01T10:00:00Z");
        for (int i = 0; i < 10_000; i++) {
            instant = instant.plusSeconds(86_399).plusNanos(1_234_567L * i);
            assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void shouldReadWhatInstantParseReads() {
        for (String time : TIMES) {
            assertThat(Json.read(json(time), Event.class).at()).as(time).isEqualTo(Instant.parse(time));
        }
        Instant instant = Instant.parse("1972-02-28T23:00:00Z");
        for (int i = 0; i < 10_000; i++) {
            instant = instant.plusSeconds(86_399).plusNanos(7_654_321L * i);
            assertThat(IsoInstants.parse(instant.toString())).isEqualTo(instant);
        }
    }

    @Test
    void shouldLeaveOtherFormsToTheFullParserAndRefuseWhatItRefuses() {
        for (String time : List.of("2024-05-01T10:00:00+02:00", "2024-05-01T24:00:00Z", "2024-05-01T10:00:00.Z")) {
            assertThat(IsoInstants.parse(time)).as(time).isNull();
        }
        assertThat(Json.read(json("2024-05-01T10:00:00+02:00"), Event.class).at()).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
        assertThat(Json.read(json("2024-05-01T24:00:00Z"), Event.class).at()).isEqualTo(Instant.parse("2024-05-02T00:00:00Z"));
        assertThat(Json.read(json("2024-05-01T10:00:00.Z"), Event.class).at()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(Json.read("{\"at\":1714557600.5}".getBytes(StandardCharsets.UTF_8), Event.class).at())
                .isEqualTo(Instant.parse("2024-05-01T10:00:00.5Z"));
        for (String bad : List.of("2023-02-29T10:00:00Z", "2024-13-01T10:00:00Z", "2024-05-01T10:60:00Z",
                "2024-05-01 10:00:00Z", "2024-05-01T10:00:00.1234567890Z",
                "2024-05-0xT10:00:00Z", "yesterday")) {
            assertThat(IsoInstants.parse(bad)).as(bad).isNull();
            assertThatThrownBy(() -> Json.read(json(bad), Event.class)).as(bad).isInstanceOf(EventFormatException.class)
                    .hasMessageContaining("at");
        }
    }

    private static byte[] json(String time) {
        return ("{\"at\":\"" + time + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
