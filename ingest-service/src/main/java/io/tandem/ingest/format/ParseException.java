package io.tandem.ingest.format;

/**
 * A payload that does not fit its format. {@code field} (a JSON Pointer or key name) and {@code line} (1-based,
 * for line-oriented formats) say where, so a 400 answer or a dead-letter header can point at it.
 */
public class ParseException extends RuntimeException {

    private final String field;
    private final Integer line;

    public ParseException(String message, String field, Integer line) {
        super(message);
        this.field = field;
        this.line = line;
    }

    public ParseException(String message, String field, Integer line, Throwable cause) {
        super(message, cause);
        this.field = field;
        this.line = line;
    }

    public String field() {
        return field;
    }

    public Integer line() {
        return line;
    }
}
