package io.tandem.model.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/**
 * Instants in events, written and read by hand in the form {@link Instant#toString()} gives, without
 * {@code DateTimeFormatter}: every event carries several, and formatting and parsing them through it was a measurable
 * part of reading and writing events (a tenth of reading a signal in triage). Anything else (another offset, a
 * number, a year past 9999) goes through Jackson's own {@link InstantDeserializer}, so what is accepted and the errors
 * for what is not stay the same.
 */
public final class IsoInstants {

    private static final long LAST_SECOND_OF_9999 = 253_402_300_799L;
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000, 1_000_000_000};

    private IsoInstants() {
    }

    /** The serializer and deserializer, to register on a mapper. */
    static SimpleModule module() {
        return new SimpleModule("tandem-instants")
                .addSerializer(Instant.class, new Writer())
                .addDeserializer(Instant.class, new Reader());
    }

    /** {@link Instant#toString()} (ISO-8601, fraction in groups of three digits, {@code Z}). */
    public static String format(Instant instant) {
        int nanos = instant.getNano();
        return write(instant, nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9,
                Instant::toString);
    }

    /**
     * What {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME} writes for the instant at UTC: the fraction without trailing
     * zeros. The CloudEvents SDK writes {@code time} so, and {@code ce_time} headers stay byte for byte the same.
     */
    public static String formatShortestFraction(Instant instant) {
        int nanos = instant.getNano();
        int digits = 9;
        while (nanos != 0 && nanos % POWERS_OF_TEN[10 - digits] == 0) {
            digits--;
        }
        return write(instant, nanos == 0 ? 0 : digits,
                i -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(i.atOffset(ZoneOffset.UTC)));
    }

    private static String write(Instant instant, int fractionDigits, Function<Instant, String> outOfRange) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds > LAST_SECOND_OF_9999) {
            return outOfRange.apply(instant);
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        char[] out = new char[fractionDigits == 0 ? 20 : 21 + fractionDigits];
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
        if (fractionDigits != 0) {
            out[at++] = '.';
            digits(out, at, instant.getNano() / POWERS_OF_TEN[9 - fractionDigits], fractionDigits);
            at += fractionDigits;
        }
        out[at] = 'Z';
        return new String(out);
    }

    /**
     * Reads {@code yyyy-MM-ddTHH:mm:ss[.f…f]Z} with one to nine fraction digits (years 0000-9999, no leap second);
     * null for any other text, which the caller hands to a full parser.
     */
    public static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1) {
                return null;
            }
            int fraction = number(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * POWERS_OF_TEN[9 - fractionDigits];
        }
        long days;
        try {
            days = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number of {@code count} (at most nine) digits from {@code from}; -1 if one is not a digit. */
    private static int number(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static void digits(char[] out, int from, int value, int count) {
        for (int i = from + count - 1; i >= from; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static final class Writer extends StdSerializer<Instant> {

        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(format(value));
        }
    }

    private static final class Reader extends StdScalarDeserializer<Instant> {

        Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                Instant instant = parse(parser.getText());
                if (instant != null) {
                    return instant;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }
}
