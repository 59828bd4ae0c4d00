package io.tandem.ingest.format.custom;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.tandem.model.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One compiled expression of a {@link FormatMapping}: a JSON Pointer ({@code /alert/host}), a JSONPath
 * ({@code $.alert.host}), a constant ({@code {"const": "security"}}), or an array of those, meaning the first that
 * matches. Evaluation never throws: a path that does not match, or cannot apply to this payload, matches nothing.
 */
public final class FieldExpression {

    /** JSONPath over Jackson trees, so values come back as the same {@link JsonNode}s the parsers read. */
    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.mapper()))
            .mappingProvider(new JacksonMappingProvider(Json.mapper()))
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private final String text;
    private final boolean constant;
    private final Function<JsonNode, List<JsonNode>> evaluator;

    private FieldExpression(String text, boolean constant, Function<JsonNode, List<JsonNode>> evaluator) {
        this.text = text;
        this.constant = constant;
        this.evaluator = evaluator;
    }

    /**
     * Compiles a declared expression; {@link IllegalArgumentException} says why it is not one.
     *
     * @param allowConstant whether {@code {"const": …}} makes sense for this field (a scalar field)
     */
    public static FieldExpression compile(JsonNode spec, boolean allowConstant) {
        if (spec.isTextual()) {
            return path(spec.textValue());
        }
        if (spec.isObject()) {
            JsonNode value = spec.get("const");
            if (spec.size() != 1 || value == null) {
                throw new IllegalArgumentException("an object expression must be {\"const\": value}");
            }
            if (!allowConstant) {
                throw new IllegalArgumentException("a constant makes no sense here; give a JSON Pointer or JSONPath");
            }
            if (!value.isValueNode() || value.isNull()) {
                throw new IllegalArgumentException("a constant must be a text, number or boolean");
            }
            return new FieldExpression(value.asText(), true, item -> List.of(value));
        }
        if (spec.isArray()) {
            if (spec.isEmpty()) {
                throw new IllegalArgumentException("an array of alternatives must not be empty");
            }
            List<FieldExpression> alternatives = new ArrayList<>();
            for (JsonNode element : spec) {
                if (element.isArray()) {
                    throw new IllegalArgumentException("alternatives cannot be nested");
                }
                alternatives.add(compile(element, allowConstant));
            }
            String text = String.join(" | ", alternatives.stream().map(FieldExpression::text).toList());
            return new FieldExpression(text, alternatives.stream().allMatch(a -> a.constant), item -> {
                for (FieldExpression alternative : alternatives) {
                    List<JsonNode> values = alternative.values(item);
                    if (!values.isEmpty()) {
                        return values;
                    }
                }
                return List.of();
            });
        }
        throw new IllegalArgumentException("expected a JSON Pointer (\"/a/b\"), a JSONPath (\"$.a.b\"), "
                + "{\"const\": value} or an array of those");
    }

    private static FieldExpression path(String text) {
        if (text.startsWith("/")) {
            JsonPointer pointer;
            try {
                pointer = JsonPointer.compile(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid JSON Pointer '" + text + "': " + e.getMessage(), e);
            }
            return new FieldExpression(text, false, item -> present(item.at(pointer)) ? List.of(item.at(pointer)) : List.of());
        }
        if (text.startsWith("$")) {
            // Jayway runs =~ filters on java.util.regex, which a crafted pattern can stall; Tandem's matchers use RE2J.
            if (text.contains("=~")) {
                throw new IllegalArgumentException("regular-expression filters (=~) are not allowed in '" + text + "'");
            }
            JsonPath path;
            try {
                path = JsonPath.compile(text);
            } catch (RuntimeException e) {
                // InvalidPathException mostly, but Jayway's filter parser has other ways to reject bad input.
                throw new IllegalArgumentException("invalid JSONPath '" + text + "': " + e.getMessage(), e);
            }
            return new FieldExpression(text, false, item -> read(path, item));
        }
        throw new IllegalArgumentException("'" + text + "' is neither a JSON Pointer (starts with /) nor a JSONPath "
                + "(starts with $)");
    }

    private static List<JsonNode> read(JsonPath path, JsonNode item) {
        Object result;
        try {
            result = path.read(item, JSON_PATH);
        } catch (RuntimeException e) {
            // Suppressed exceptions aside, a filter or function applied to values of an unexpected type can still
            // throw; for a mapping that only means "no value here", never a failed ingest.
            return List.of();
        }
        if (!(result instanceof JsonNode node) || !present(node)) {
            return List.of();
        }
        if (path.isDefinite()) {
            return List.of(node);
        }
        List<JsonNode> matches = new ArrayList<>();
        node.forEach(match -> {
            if (present(match)) {
                matches.add(match);
            }
        });
        return matches;
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isMissingNode() && !node.isNull();
    }

    /** Every value this expression finds in {@code item}, in document order; empty when it finds none. */
    public List<JsonNode> values(JsonNode item) {
        return evaluator.apply(item);
    }

    /** Whether this expression is a constant (so it "matches" any payload). */
    public boolean constant() {
        return constant;
    }

    /** The expression as declared, for messages. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
