package io.tandem.ingest.pipeline;

import io.tandem.ingest.format.BuiltinFormats;
import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Signal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka path's signal writer must write exactly what the contract's {@code Json.write} writes. */
class SignalJsonTest {

    @Test
    void shouldWriteEverySignalOfEveryFormatsExampleExactlyAsJsonWrite() {
        List<Signal> signals = new ArrayList<>();
        for (FormatParser parser : BuiltinFormats.byId().values()) {
            for (Instant ingestedAt : List.of(Instant.parse("2024-05-01T10:00:00Z"),
                    Instant.parse("2024-05-01T10:00:00.120Z"), Instant.parse("2024-05-01T10:00:00.000450Z"),
                    Instant.parse("2024-05-01T10:00:00.000000007Z"), Instant.parse("2024-12-31T23:59:59.999999999Z"))) {
                signals.addAll(parser.parse(parser.example().getBytes(StandardCharsets.UTF_8),
                        new ParseContext("test", ingestedAt, "test/0/1")));
            }
        }
        assertThat(signals).hasSizeGreaterThan(BuiltinFormats.byId().size() * 5 - 1);
        for (Signal signal : signals) {
            assertThat(new String(SignalJson.write(signal), StandardCharsets.UTF_8))
                    .isEqualTo(new String(Json.write(signal), StandardCharsets.UTF_8));
        }
    }
}
