package io.tandem.ingest.format.support;

import io.tandem.ingest.format.ParseException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Splits a line-oriented payload (CEF, LEEF, Falco text) into its non-blank lines with their 1-based numbers. */
public final class Lines {

    private static final Pattern LINE_END = Pattern.compile("\r?\n");

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
        String[] split = LINE_END.split(text, -1);
        for (int i = 0; i < split.length; i++) {
            if (!split[i].isBlank()) {
                lines.add(new Line(i + 1, split[i].strip()));
            }
        }
        if (lines.isEmpty()) {
            throw new ParseException("empty payload", null, null);
        }
        return lines;
    }

    private Lines() {
    }
}
