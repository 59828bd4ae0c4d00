package io.tandem.inventory.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader: comma-separated, double-quoted fields with {@code ""} escapes and line breaks inside
 * quotes, LF or CRLF between records. Malformed input is an error naming the line, never a guess.
 */
public final class Csv {

    /** One record and the line it starts on (1-based), for error messages. */
    public record Line(int number, List<String> cells) {
    }

    /** Thrown for input that is not CSV; the message names the line. */
    public static final class CsvException extends RuntimeException {
        private final int line;

        CsvException(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /** Every record of {@code text}; blank lines are skipped. */
    public static List<Line> parse(String text) {
        List<Line> lines = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int line = 1;
        int start = 1;
        boolean quoted = false;
        boolean afterQuote = false;
        boolean blank = true;
        int i = 0;
        if (text.startsWith("\uFEFF")) {
            i = 1;
        }
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (cell.length() > 0 || afterQuote) {
                        throw new CsvException(line, "a quote inside an unquoted field (quote the whole field and double inner quotes)");
                    }
                    quoted = true;
                    blank = false;
                }
                case ',' -> {
                    cells.add(cell.toString());
                    cell.setLength(0);
                    afterQuote = false;
                    blank = false;
                }
                case '\r' -> {
                    if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                        throw new CsvException(line, "a bare carriage return");
                    }
                }
                case '\n' -> {
                    if (!blank || cell.length() > 0) {
                        cells.add(cell.toString());
                        lines.add(new Line(start, List.copyOf(cells)));
                    }
                    cells.clear();
                    cell.setLength(0);
                    afterQuote = false;
                    blank = true;
                    line++;
                    start = line;
                }
                default -> {
                    if (afterQuote) {
                        throw new CsvException(line, "text after a closing quote");
                    }
                    cell.append(c);
                    blank = false;
                }
            }
        }
        if (quoted) {
            throw new CsvException(start, "a quoted field is never closed");
        }
        if (!blank || cell.length() > 0) {
            cells.add(cell.toString());
            lines.add(new Line(start, List.copyOf(cells)));
        }
        return lines;
    }

    private Csv() {
    }
}
