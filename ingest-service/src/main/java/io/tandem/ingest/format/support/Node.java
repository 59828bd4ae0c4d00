package io.tandem.ingest.format.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.tandem.ingest.format.ParseException;

import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON value together with its JSON Pointer, so a parser can read optional fields leniently (a wrong type reads
 * as absent) and required ones strictly (a {@link ParseException} naming the pointer).
 */
public final class Node {

    private final JsonNode json;
    /**
     * The pointer is built only when asked for (in errors): parsers look up dozens of fields per payload, mostly
     * absent ones, and a pointer string per lookup was a measurable part of parsing. A child keeps its parent and
     * its field name (unescaped) or array index until then.
     */
    private final Node parent;
    private final String field;
    private final int index;
    private String pointer;
    /** A whole document's bytes, {@code source[from..to)}, when it can be kept as it came (see {@link #raw}). */
    private final byte[] source;
    private final int from;
    private final int to;

    private Node(JsonNode json, Node parent, String field, int index, String pointer) {
        this(json, parent, field, index, pointer, null, 0, 0);
    }

    private Node(JsonNode json, Node parent, String field, int index, String pointer, byte[] source, int from,
                 int to) {
        this.json = json == null ? MissingNode.getInstance() : json;
        this.parent = parent;
        this.field = field;
        this.index = index;
        this.pointer = pointer;
        this.source = source;
        this.from = from;
        this.to = to;
    }

    public static Node root(JsonNode json) {
        return new Node(json, null, null, -1, "");
    }

    /** A whole document parsed from {@code payload[from..to)}; its bytes are what {@link #raw} keeps, when they can be. */
    static Node document(JsonNode json, byte[] payload, int from, int to) {
        return VerbatimJson.fits(payload, from, to)
                ? new Node(json, null, null, -1, "", payload, from, to)
                : root(json);
    }

    public static Node at(JsonNode json, String pointer) {
        return new Node(json, null, null, -1, pointer);
    }

    public JsonNode json() {
        return json;
    }

    /**
     * This value as a signal keeps it in {@code raw}: a whole document as the bytes it came in (the same JSON value,
     * written without serializing its tree again), anything else as its tree.
     */
    public JsonNode raw() {
        return source == null ? json : VerbatimJson.node(source, from, to);
    }

    /** The JSON Pointer of this value; the root is {@code "/"} for messages. */
    public String pointer() {
        String full = path();
        return full.isEmpty() ? "/" : full;
    }

    private String path() {
        if (pointer == null) {
            pointer = parent.path() + "/" + (field != null ? escape(field) : String.valueOf(index));
        }
        return pointer;
    }

    public boolean present() {
        return !json.isMissingNode() && !json.isNull();
    }

    public boolean isObject() {
        return json.isObject();
    }

    public boolean isArray() {
        return json.isArray();
    }

    public boolean has(String field) {
        return get(field).present();
    }

    public Node get(String field) {
        JsonNode child = json.isObject() ? json.get(field) : null;
        return new Node(child, this, field, -1, null);
    }

    /** Follows several fields; any missing step reads as absent. */
    public Node path(String... fields) {
        Node node = this;
        for (String field : fields) {
            node = node.get(field);
        }
        return node;
    }

    public Node get(int index) {
        JsonNode child = json.isArray() ? json.get(index) : null;
        return new Node(child, this, null, index, null);
    }

    /** The scalar as text (numbers and booleans too); blank, null, objects and arrays read as null. */
    public String text() {
        if (json.isTextual()) {
            String value = json.textValue();
            return value.isBlank() ? null : value;
        }
        if (json.isFloatingPointNumber()) {
            if (!json.isBigDecimal() && !Double.isFinite(json.doubleValue())) {
                return null;
            }
            // Plain notation: asText() writes large doubles as 1.7145576005E9, which no time or number reader expects.
            return json.decimalValue().toPlainString();
        }
        if (json.isNumber() || json.isBoolean()) {
            return json.asText();
        }
        return null;
    }

    public String text(String field) {
        return get(field).text();
    }

    /** The first field of {@code fields} that has a scalar value. */
    public String firstText(String... fields) {
        for (String field : fields) {
            String value = text(field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** A number, or a string holding one; anything else reads as null. */
    public BigDecimal decimal() {
        try {
            if (json.isNumber()) {
                return json.decimalValue();
            }
            if (json.isTextual() && !json.textValue().isBlank() && json.textValue().length() < 40) {
                return new BigDecimal(json.textValue().trim());
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    public BigDecimal decimal(String field) {
        return get(field).decimal();
    }

    /** A finite number within int range (truncated), or null. */
    public Integer integer(String field) {
        BigDecimal value = decimal(field);
        if (value == null || value.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            return null;
        }
        return value.intValue();
    }

    public Double number(String field) {
        BigDecimal value = decimal(field);
        if (value == null) {
            return null;
        }
        double d = value.doubleValue();
        return Double.isFinite(d) ? d : null;
    }

    /** A boolean, or the strings {@code true}/{@code false}. */
    public Boolean bool(String field) {
        JsonNode value = get(field).json;
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            String text = value.textValue().trim();
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
        }
        return null;
    }

    /** The elements of an array (empty when this is not one). */
    public List<Node> elements() {
        List<Node> out = new ArrayList<>();
        if (json.isArray()) {
            for (int i = 0; i < json.size(); i++) {
                out.add(get(i));
            }
        }
        return out;
    }

    public List<Node> array(String field) {
        return get(field).elements();
    }

    /** Scalar texts of an array field, or the single scalar itself. */
    public List<String> texts(String field) {
        Node node = get(field);
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            for (Node element : node.elements()) {
                String value = element.text();
                if (value != null) {
                    out.add(value);
                }
            }
        } else if (node.text() != null) {
            out.add(node.text());
        }
        return out;
    }

    /**
     * The fields of an object in document order (empty when this is not one): a read-only view over the JSON
     * object, so walking every field of every payload (labels are flattened from them) copies nothing.
     */
    public Map<String, Node> fields() {
        if (!json.isObject()) {
            return Map.of();
        }
        Set<Map.Entry<String, JsonNode>> properties = json.properties();
        return new AbstractMap<>() {
            @Override
            public Set<Entry<String, Node>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public int size() {
                        return properties.size();
                    }

                    @Override
                    public Iterator<Entry<String, Node>> iterator() {
                        Iterator<Map.Entry<String, JsonNode>> each = properties.iterator();
                        return new Iterator<>() {
                            @Override
                            public boolean hasNext() {
                                return each.hasNext();
                            }

                            @Override
                            public Entry<String, Node> next() {
                                Map.Entry<String, JsonNode> property = each.next();
                                return Map.entry(property.getKey(),
                                        new Node(property.getValue(), Node.this, property.getKey(), -1, null));
                            }
                        };
                    }
                };
            }
        };
    }

    public String requireText(String field) {
        Node node = get(field);
        String value = node.text();
        if (value == null) {
            throw new ParseException(describe(node, "a non-empty string"), node.pointer(), null);
        }
        return value;
    }

    public Node requireObject(String field) {
        Node node = get(field);
        if (!node.isObject()) {
            throw new ParseException(describe(node, "an object"), node.pointer(), null);
        }
        return node;
    }

    public List<Node> requireArray(String field) {
        Node node = get(field);
        if (!node.isArray()) {
            throw new ParseException(describe(node, "an array"), node.pointer(), null);
        }
        return node.elements();
    }

    /** Fails unless this value is an object; {@code what} names the expected shape for the message. */
    public Node expectObject(String what) {
        if (!isObject()) {
            throw new ParseException("expected " + what + " (a JSON object) at " + pointer() + ", found "
                    + kind(json), pointer(), null);
        }
        return this;
    }

    public ParseException error(String message) {
        return new ParseException(message + " at " + pointer(), pointer(), null);
    }

    private static String describe(Node node, String expected) {
        return (node.present() ? "wrong type at " : "missing required field ") + node.pointer() + ": expected "
                + expected + (node.present() ? ", found " + kind(node.json) : "");
    }

    private static String kind(JsonNode json) {
        return json.isMissingNode() ? "nothing" : json.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String escape(String field) {
        return field.indexOf('~') < 0 && field.indexOf('/') < 0 ? field : field.replace("~", "~0").replace("/", "~1");
    }
}
