package io.tandem.ingest.format.support;

import io.tandem.ingest.format.ParseException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time parsing shared by all formats: RFC 3339 / ISO-8601 (with {@code Z}, {@code +00:00}, {@code +0000} or no
 * zone, read as UTC), epoch numbers in seconds, milliseconds, microseconds or nanoseconds (told apart by magnitude),
 * and the syslog-style {@code MMM dd [yyyy] HH:mm:ss[.SSS] [zone]} of CEF and LEEF. Go's zero time
 * ({@code 0001-01-01T00:00:00Z}) means "not set" and reads as null.
 */
public final class Times {

    private static final Pattern EPOCH = Pattern.compile("-?\\d{1,20}(\\.\\d{1,9})?");
    private static final Pattern COMPACT_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})$");
    private static final Pattern SPACE_BEFORE_TIME = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}) (\\d)");
    private static final Pattern SYSLOG = Pattern.compile(
            "([A-Za-z]{3})\\s+(\\d{1,2})(?:\\s+(\\d{4}))?\\s+(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?:\\s+(\\S+))?");
    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5),
            Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10),
            Map.entry("nov", 11), Map.entry("dec", 12));
    private static final BigDecimal SECONDS_LIMIT = BigDecimal.valueOf(100_000_000_000L);
    private static final BigDecimal MILLIS_LIMIT = SECONDS_LIMIT.multiply(BigDecimal.valueOf(1000));
    private static final BigDecimal MICROS_LIMIT = MILLIS_LIMIT.multiply(BigDecimal.valueOf(1000));
    /**
     * Compiled {@link #pattern} formats: a source sends the same few, and compiling one costs more than parsing with
     * it. Bounded, because the patterns come from payloads.
     */
    private static final Map<String, DateTimeFormatter> PATTERNS = new ConcurrentHashMap<>();
    private static final int MAX_PATTERNS = 256;
    private static final Instant MIN = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59Z");

    /** ISO-8601 text or an epoch number; null when absent or unreadable. */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        Instant rfc3339 = rfc3339(t);
        if (rfc3339 != null) {
            return rfc3339;
        }
        if (EPOCH.matcher(t).matches()) {
            return epoch(new BigDecimal(t));
        }
        return iso(t);
    }

    /** The field read as a time: null when absent; a present but unreadable value is a ParseException. */
    public static Instant field(Node parent, String field) {
        Node node = parent.get(field);
        if (!node.present()) {
            return null;
        }
        if (node.json().isNumber()) {
            Instant value = epoch(node.decimal());
            if (value == null) {
                throw node.error("unreadable time '" + node.text() + "'");
            }
            return value;
        }
        String text = node.text();
        if (text == null) {
            if (node.json().isTextual()) {
                return null;
            }
            throw node.error("expected a time (RFC 3339 text or epoch number)");
        }
        if (isGoZeroTime(text)) {
            return null;
        }
        Instant value = parse(text);
        if (value == null) {
            throw new ParseException("unreadable time '" + abbreviate(text) + "' at " + node.pointer(),
                    node.pointer(), null);
        }
        return value;
    }

    /** Seconds, milliseconds, microseconds or nanoseconds since the epoch, told apart by magnitude. */
    public static Instant epoch(BigDecimal value) {
        if (value == null || value.signum() < 0) {
            return null;
        }
        BigDecimal seconds;
        if (value.compareTo(SECONDS_LIMIT) < 0) {
            seconds = value;
        } else if (value.compareTo(MILLIS_LIMIT) < 0) {
            seconds = value.movePointLeft(3);
        } else if (value.compareTo(MICROS_LIMIT) < 0) {
            seconds = value.movePointLeft(6);
        } else {
            seconds = value.movePointLeft(9);
        }
        if (seconds.compareTo(SECONDS_LIMIT) >= 0) {
            return null;
        }
        long whole = seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).setScale(0, RoundingMode.FLOOR)
                .longValue();
        return bounded(Instant.ofEpochSecond(whole, nanos));
    }

    /**
     * The syslog/CEF/LEEF form {@code MMM dd [yyyy] HH:mm:ss[.fff] [zone]}. A missing year is the reference's, or
     * the year before when that would put the time more than a day after the reference (a December event read in
     * January). Null when unreadable.
     */
    public static Instant syslog(String text, ZoneId defaultZone, Instant reference) {
        if (text == null) {
            return null;
        }
        Matcher m = SYSLOG.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        Integer month = MONTHS.get(m.group(1).toLowerCase(Locale.ROOT));
        if (month == null) {
            return null;
        }
        ZoneId zone = m.group(8) == null ? defaultZone : zone(m.group(8), defaultZone);
        Instant ref = reference == null ? Instant.now() : reference;
        try {
            int year = m.group(3) != null ? Integer.parseInt(m.group(3)) : ref.atZone(zone).getYear();
            String fraction = m.group(7) == null ? "0" : (m.group(7) + "00000000").substring(0, 9);
            ZonedDateTime time = ZonedDateTime.of(year, month, Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
                    Integer.parseInt(fraction), zone);
            if (m.group(3) == null && time.toInstant().isAfter(ref.plus(1, ChronoUnit.DAYS))) {
                time = time.minusYears(1);
            }
            return bounded(time.toInstant());
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** A zone id or offset ({@code UTC}, {@code Europe/Paris}, {@code +02:00}), or the default when unknown. */
    public static ZoneId zone(String text, ZoneId defaultZone) {
        if (text == null || text.isBlank()) {
            return defaultZone;
        }
        try {
            return ZoneId.of(text.trim(), ZoneId.SHORT_IDS);
        } catch (DateTimeException e) {
            return defaultZone;
        }
    }

    /** Text in a caller-supplied {@link DateTimeFormatter} pattern (LEEF's devTimeFormat); null when unusable. */
    public static Instant pattern(String text, String pattern, ZoneId zone) {
        if (text == null || pattern == null) {
            return null;
        }
        try {
            DateTimeFormatter formatter = PATTERNS.get(pattern);
            if (formatter == null) {
                formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
                if (PATTERNS.size() < MAX_PATTERNS) {
                    PATTERNS.putIfAbsent(pattern, formatter);
                }
            }
            return bounded(toInstant(formatter.withZone(zone).parseBest(text.trim(), ZonedDateTime::from,
                    LocalDateTime::from)));
        } catch (IllegalArgumentException | DateTimeException e) {
            return null;
        }
    }

    /** Go's zero {@code time.Time}, which Alertmanager and Grafana send for "not set". */
    public static boolean isGoZeroTime(String text) {
        return text != null && text.startsWith("0001-01-01");
    }

    /**
     * The form nearly every tool writes, {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm|±hhmm)}, read by hand: the general
     * {@link DateTimeFormatter} path costs microseconds per time, which adds up at thousands of signals a second.
     * Null for anything else (including invalid dates), which the general path then decides on.
     */
    private static Instant rfc3339(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return null;
            }
            nanos = digits(t, start, count);
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && t.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
            int offsetHours = digits(t, i + 1, 2);
            int offsetMinutes = digits(t, i + 4, 2);
            if (offsetHours < 0 || offsetMinutes < 0) {
                return null;
            }
            offsetSeconds = (t.charAt(i) == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
        } else if (i == n - 5 && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            // The compact ±hhmm of Wazuh and PagerDuty, which iso() would read after inserting the colon.
            int offsetHours = digits(t, i + 1, 2);
            int offsetMinutes = digits(t, i + 3, 2);
            if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59) {
                return null;
            }
            offsetSeconds = (t.charAt(i) == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
        } else {
            return null;
        }
        try {
            return bounded(LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code count} characters from {@code start}; -1 unless all are ASCII digits. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Instant iso(String text) {
        String t = SPACE_BEFORE_TIME.matcher(text).replaceFirst("$1T$2");
        if (t.endsWith(" UTC") || t.endsWith(" GMT")) {
            t = t.substring(0, t.length() - 4) + "Z";
        }
        t = COMPACT_OFFSET.matcher(t).replaceFirst("$1:$2");
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(t,
                    ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from);
            return bounded(toInstant(parsed));
        } catch (DateTimeException e) {
            try {
                return bounded(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeException notADate) {
                return null;
            }
        }
    }

    private static Instant toInstant(TemporalAccessor parsed) {
        if (parsed instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (parsed instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    }

    /** Times before the epoch or after year 9999 are unusable downstream (RFC 3339 has four-digit years). */
    private static Instant bounded(Instant instant) {
        return instant.isBefore(MIN) || instant.isAfter(MAX) ? null : instant;
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }

    private Times() {
    }
}
