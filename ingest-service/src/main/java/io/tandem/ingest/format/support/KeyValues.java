package io.tandem.ingest.format.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads space-separated {@code key=value} text whose values may themselves contain spaces (CEF extensions, and LEEF
 * records that lost their tabs): a key is a run of key characters after a space (or at the start) followed by an
 * unescaped {@code =}; a value runs to the next key. {@code \=}, {@code \\}, {@code \n} and {@code \r} are unescaped.
 */
public final class KeyValues {

    /** The pairs in order; text before the first key is dropped, a repeated key keeps its first value. */
    public static Map<String, String> spaced(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int n = text.length();
        int[] keyStarts = new int[n + 1];
        int[] equals = new int[n + 1];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) != '=' || escaped(text, i)) {
                continue;
            }
            int j = i - 1;
            while (j >= 0 && isKeyChar(text.charAt(j))) {
                j--;
            }
            int start = j + 1;
            if (start < i && (j < 0 || Character.isWhitespace(text.charAt(j)))) {
                keyStarts[count] = start;
                equals[count] = i;
                count++;
            }
        }
        for (int k = 0; k < count; k++) {
            int end = k + 1 < count ? keyStarts[k + 1] : n;
            String key = text.substring(keyStarts[k], equals[k]);
            String value = unescape(text.substring(equals[k] + 1, end).strip());
            out.putIfAbsent(key, value);
        }
        return out;
    }

    /** Undoes CEF/LEEF value escapes. */
    public static String unescape(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(i + 1);
                switch (next) {
                    case '=', '\\', '|' -> out.append(next);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    default -> out.append(c).append(next);
                }
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** True when the character at {@code index} is preceded by an odd number of backslashes. */
    public static boolean escaped(String text, int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && text.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '[' || c == ']';
    }

    private KeyValues() {
    }
}
