package io.tandem.ingest.pipeline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Signal;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Signals as JSON, byte for byte what {@link Json#write} writes (SignalJsonTest holds them equal), for the Kafka
 * path's thousands a second: times are written by hand instead of through {@code DateTimeFormatter}, which was a
 * measurable part of writing a signal, and the records' accessors are called through generated code (Blackbird)
 * instead of reflection.
 */
final class SignalJson {

    private static final ObjectMapper MAPPER = Json.configure(new ObjectMapper())
            .registerModule(new BlackbirdModule())
            .registerModule(new SimpleModule("tandem-ingest-instants").addSerializer(Instant.class, new IsoInstant()));

    static byte[] write(Signal signal) {
        try {
            return MAPPER.writeValueAsBytes(signal);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a signal", e);
        }
    }

    /** {@link Instant#toString()} (ISO-8601, fraction in groups of three digits, {@code Z}) for years 1970-9999. */
    static String iso(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds > LAST_SECOND_OF_9999) {
            return instant.toString();
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        int nanos = instant.getNano();
        char[] out = new char[nanos == 0 ? 20 : nanos % 1_000_000 == 0 ? 24 : nanos % 1000 == 0 ? 27 : 30];
        digits(out, 0, t.getYear(), 4);
        out[4] = '-';
        digits(out, 5, t.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, t.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, t.getHour(), 2);
        out[13] = ':';
        digits(out, 14, t.getMinute(), 2);
        out[16] = ':';
        digits(out, 17, t.getSecond(), 2);
        int at = 19;
        if (nanos != 0) {
            out[at++] = '.';
            int fractionDigits = out.length - 21;
            digits(out, at, nanos / POWERS_OF_TEN[9 - fractionDigits], fractionDigits);
            at += fractionDigits;
        }
        out[at] = 'Z';
        return new String(out);
    }

    private static final long LAST_SECOND_OF_9999 = 253_402_300_799L;
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000, 1_000_000_000};

    private static void digits(char[] out, int from, int value, int count) {
        for (int i = from + count - 1; i >= from; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static final class IsoInstant extends StdSerializer<Instant> {

        IsoInstant() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(iso(value));
        }
    }

    private SignalJson() {
    }
}
