package io.tandem.ingest.format.support;

import io.tandem.ingest.format.ParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The {@code |}-separated header that CEF and LEEF records start with, and where the record's body begins. */
public final class PipeHeader {

    /** The header fields, in order, and the index in the record where the body (extension, attributes) starts. */
    public record Split(List<String> fields, int bodyStart) {
    }

    /**
     * Splits the {@code names.length} header fields that follow {@code prefix} (e.g. {@code CEF:}). With
     * {@code escapable}, a {@code \|} does not end a field (CEF); each field goes through {@code unescape}. A header
     * cut short is a {@link ParseException} naming the first missing field and the line.
     */
    public static Split split(String record, String prefix, String[] names, boolean escapable,
                              UnaryOperator<String> unescape, int line) {
        List<String> fields = new ArrayList<>();
        int start = prefix.length();
        for (int i = start; i < record.length(); i++) {
            if (record.charAt(i) == '|' && !(escapable && KeyValues.escaped(record, i))) {
                fields.add(unescape.apply(record.substring(start, i)));
                start = i + 1;
                if (fields.size() == names.length) {
                    return new Split(fields, start);
                }
            }
        }
        String missing = names[Math.min(fields.size() + (record.substring(start).isBlank() ? 0 : 1), names.length - 1)];
        throw new ParseException("line " + line + ": " + prefix.substring(0, prefix.length() - 1)
                + " header is missing '" + missing + "' (" + names.length + " '|'-separated fields expected)",
                missing, line);
    }

    private PipeHeader() {
    }
}
