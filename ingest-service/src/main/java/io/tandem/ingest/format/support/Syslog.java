package io.tandem.ingest.format.support;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the optional syslog header (RFC 3164 or RFC 5424, or just "date host") that relays put before a CEF or
 * LEEF record, and reads the sender's time and host name from it.
 */
public final class Syslog {

    private static final Pattern PRIORITY = Pattern.compile("^<(\\d{1,3})>");
    private static final Pattern RFC5424 = Pattern.compile("^1 (\\S+) (\\S+)(?: .*)?$");
    private static final Pattern RFC3164 = Pattern.compile(
            "^([A-Za-z]{3}\\s+\\d{1,2}(?:\\s+\\d{4})?\\s+\\d{1,2}:\\d{2}:\\d{2})\\s+(\\S+)(?:\\s.*)?$");

    /** What came before the record marker: the raw header, its time and host where readable, and the record. */
    public record Framed(String header, Instant time, String host, String record) {
    }

    /**
     * Finds {@code marker} (e.g. {@code "CEF:"}) in the line and splits it there; null when the line has no marker.
     * The header is read leniently: an unreadable header still yields the record, with no time or host.
     */
    public static Framed split(String line, String marker, Instant reference) {
        int at = line.indexOf(marker);
        if (at < 0) {
            return null;
        }
        String header = line.substring(0, at).trim();
        String record = line.substring(at);
        if (header.isEmpty()) {
            return new Framed(null, null, null, record);
        }
        String rest = header;
        Matcher priority = PRIORITY.matcher(rest);
        if (priority.find()) {
            rest = rest.substring(priority.end()).trim();
        }
        Matcher rfc5424 = RFC5424.matcher(rest);
        if (rfc5424.matches()) {
            return new Framed(header, Times.parse(rfc5424.group(1)), nil(rfc5424.group(2)), record);
        }
        Matcher rfc3164 = RFC3164.matcher(rest);
        if (rfc3164.matches()) {
            Instant time = Times.syslog(rfc3164.group(1), ZoneOffset.UTC, reference);
            return new Framed(header, time, nil(rfc3164.group(2)), record);
        }
        String[] tokens = rest.split("\\s+");
        String host = tokens.length >= 2 ? nil(tokens[tokens.length - 1]) : null;
        return new Framed(header, null, host, record);
    }

    /** RFC 5424 writes "-" for an absent value. */
    private static String nil(String value) {
        return value == null || value.equals("-") || value.isBlank() ? null : value;
    }

    private Syslog() {
    }
}
