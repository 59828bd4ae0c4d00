package io.tandem.ingest.format.support;

import java.util.regex.Pattern;

/** Small string helpers the parsers share. */
public final class Texts {

    /** The first argument that is neither null nor blank. */
    public static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** The text after the last occurrence of {@code separator}, or the whole text. */
    public static String afterLast(String text, char separator) {
        if (text == null) {
            return null;
        }
        int at = text.lastIndexOf(separator);
        return at < 0 ? text : text.substring(at + 1);
    }

    /** Compiled once: this runs on every field of every payload. */
    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\$[A-Z][A-Z0-9_.]*|\\{[A-Z][A-Z0-9_.]*(:[^}]*)?}|\\{\\{.*}}");

    /**
     * True for a template variable a sender failed to render: Datadog's {@code $EVENT_TITLE}, Zabbix's
     * {@code {HOST.NAME}}, Go/Jinja's <code>{{ .Labels }}</code>.
     */
    public static boolean isPlaceholder(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim();
        // Every placeholder starts with '$' or '{': most values are ruled out without the regex.
        return !v.isEmpty() && (v.charAt(0) == '$' || v.charAt(0) == '{') && PLACEHOLDER.matcher(v).matches();
    }

    /** The value unless it is blank or an unrendered placeholder. */
    public static String rendered(String value) {
        return value == null || value.isBlank() || isPlaceholder(value) ? null : value;
    }

    private Texts() {
    }
}
