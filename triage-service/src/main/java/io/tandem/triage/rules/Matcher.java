package io.tandem.triage.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One Alertmanager matcher: {@code name=value}, {@code name!=value}, {@code name=~regex} or {@code name!~regex}.
 * As in Alertmanager, a missing label reads as the empty string (so {@code team=""} matches signals without a team
 * and {@code team!=""} requires one), and a regex must match the whole value, as if written {@code ^(?:regex)$}.
 * Regexes are RE2, which runs in linear time, so a user's pattern cannot stall the stream thread.
 *
 * <p>On the wire it is Alertmanager's v2 object {@code {"name","value","isRegex","isEqual"}}; the amtool string
 * form {@code severity=~"critical|high"} is accepted too.
 */
public final class Matcher {

    private static final java.util.regex.Pattern TEXT =
            java.util.regex.Pattern.compile("\\s*([^=!~\\s\"]+)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*");

    private final String name;
    private final String value;
    private final boolean regex;
    private final boolean equal;
    private final Pattern pattern;

    public Matcher(String name, String value, boolean regex, boolean equal) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a matcher needs a name");
        }
        if (value == null) {
            throw new IllegalArgumentException("matcher '" + name + "' needs a value (use \"\" for an absent label)");
        }
        this.name = name;
        this.value = value;
        this.regex = regex;
        this.equal = equal;
        try {
            this.pattern = regex ? Pattern.compile(value) : null;
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("matcher '" + name + "' has an invalid regex: " + e.getMessage());
        }
    }

    /** Parses the amtool form {@code name<op>value}, the value optionally double-quoted with backslash escapes. */
    public static Matcher parse(String text) {
        var m = TEXT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a matcher like name=\"value\", name!=\"value\", "
                    + "name=~\"regex\" or name!~\"regex\"");
        }
        String op = m.group(2);
        return new Matcher(m.group(1), unquote(m.group(3)), op.endsWith("~"), !op.startsWith("!"));
    }

    @JsonCreator
    static Matcher fromJson(JsonNode node) {
        if (node.isTextual()) {
            return parse(node.asText());
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("a matcher is an object {name, value, isRegex, isEqual} or a string like name=\"value\"");
        }
        JsonNode name = node.get("name");
        JsonNode value = node.get("value");
        return new Matcher(name == null || !name.isTextual() ? null : name.asText(),
                value == null || !value.isTextual() ? null : value.asText(),
                node.path("isRegex").asBoolean(false), node.path("isEqual").asBoolean(true));
    }

    @JsonValue
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("value", value);
        json.put("isRegex", regex);
        json.put("isEqual", equal);
        return json;
    }

    /** Whether the value the lookup gives for this matcher's name (null for absent) satisfies it. */
    public boolean matches(Function<String, String> lookup) {
        String actual = lookup.apply(name);
        String text = actual == null ? "" : actual;
        boolean hit = regex ? pattern.matches(text) : value.equals(text);
        return hit == equal;
    }

    public String name() {
        return name;
    }

    /**
     * Whether it pins a value: an equality matcher on a non-empty value. A silence needs one, so that a typo in a
     * regex cannot mute everything.
     */
    public boolean pinsValue() {
        return equal && !regex && !value.isEmpty();
    }

    private static String unquote(String text) {
        if (text.length() < 2 || !text.startsWith("\"") || !text.endsWith("\"")) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() - 1) {
                char next = text.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        String op = regex ? (equal ? "=~" : "!~") : (equal ? "=" : "!=");
        return name + op + '"' + value.replace("\"", "\\\"") + '"';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.name.equals(name) && m.value.equals(value) && m.regex == regex && m.equal == equal;
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
