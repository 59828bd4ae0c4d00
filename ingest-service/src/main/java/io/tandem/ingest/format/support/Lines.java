package io.tandem.ingest.format.support;

import io.tandem.ingest.format.ParseException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits a line-oriented payload (CEF, LEEF, Falco text) into its non-blank lines with their 1-based numbers. */
public final class Lines {

    /** One non-blank line and where it was. */
    public record Line(int number, String text) {
    }

    /** The non-blank lines; CR LF and LF both end a line, and invalid UTF-8 is replaced rather than fatal. */
    public static List<Line> of(byte[] payload) {
        if (payload == null) {
            throw new ParseException("empty payload", null, null);
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        List<Line> lines = new ArrayList<>();
        int number = 1;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            if (!line.isBlank()) {
                lines.add(new Line(number, line.strip()));
            }
            number++;
            start = end + 1;
        }
        if (lines.isEmpty()) {
            throw new ParseException("empty payload", null, null);
        }
        return lines;
    }

    private Lines() {
    }
}
