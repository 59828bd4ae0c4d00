package io.tandem.ingest.format;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.model.EventSchemas;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Observable;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Signal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The test context every parser test uses, and the checks every produced signal must pass. */
public final class SignalAssertions {

    public static final Instant INGESTED_AT = Instant.parse("2025-06-01T12:00:00Z");
    public static final ParseContext CONTEXT = new ParseContext("test-sender", INGESTED_AT, "signals.raw/0/42");

    /** Parses and checks each signal against the contract (schema, source, rawRef, ingestedAt). */
    public static List<Signal> parseValid(FormatParser parser, byte[] payload) {
        List<Signal> signals = parser.parse(payload, CONTEXT);
        assertThat(signals).isNotEmpty();
        signals.forEach(signal -> assertValid(parser.id(), signal));
        return signals;
    }

    public static List<Signal> parseValid(FormatParser parser, String payload) {
        return parseValid(parser, payload.getBytes(StandardCharsets.UTF_8));
    }

    public static void assertValid(String format, Signal signal) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(Json.write(signal));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(EventSchemas.violations("signal", json)).as("schema violations of %s", json).isEmpty();
        assertThat(signal.source().format()).isEqualTo(format);
        assertThat(signal.source().instance()).isEqualTo("test-sender");
        assertThat(signal.rawRef()).isEqualTo("signals.raw/0/42");
        assertThat(signal.ingestedAt()).isEqualTo(INGESTED_AT);
        assertThat(signal.fingerprint()).startsWith(format + ":");
        // raw is compared apart: a source number beyond double range (1e400) cannot survive a JSON round trip.
        assertThat(Json.read(Json.write(signal), Signal.class)).usingRecursiveComparison().ignoringFields("raw")
                .isEqualTo(signal);
    }

    public static Observable observable(ObservableType type, String value, String name) {
        return Observable.of(type, value, name);
    }

    private SignalAssertions() {
    }
}
