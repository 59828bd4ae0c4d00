package io.tandem.ingest.format.support;

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

    private Texts() {
    }
}
