package io.tandem.ingest.format.support;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Flattens source fields into string labels ({@code a.b.c -> "value"}), so fields without a canonical home are kept
 * rather than dropped. Bounded in depth and count: the original object stays whole in {@code raw} anyway.
 */
public final class Labels {

    private static final int MAX_DEPTH = 4;
    private static final int MAX_LABELS = 256;
    private static final int MAX_VALUE = 2048;

    /** Every scalar under {@code node}, keyed by its dotted path after {@code prefix}; arrays of scalars are joined. */
    public static void flatten(Node node, String prefix, Map<String, String> out) {
        flatten(node, prefix, out, 0);
    }

    /** Like {@link #flatten}, skipping the object's top-level fields in {@code mapped} (those with a canonical home). */
    public static void flattenExcept(Node node, String prefix, Set<String> mapped, Map<String, String> out) {
        for (Map.Entry<String, Node> field : node.fields().entrySet()) {
            if (!mapped.contains(field.getKey())) {
                String key = prefix == null || prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                flatten(field.getValue(), key, out, 1);
            }
        }
    }

    /** Puts the value unless blank, keeping the first value a key got. */
    public static void put(Map<String, String> out, String key, String value) {
        if (key == null || key.isBlank() || value == null || value.isBlank() || out.size() >= MAX_LABELS) {
            return;
        }
        out.putIfAbsent(key, value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value);
    }

    private static void flatten(Node node, String prefix, Map<String, String> out, int depth) {
        if (node.isObject()) {
            if (depth >= MAX_DEPTH) {
                return;
            }
            for (Map.Entry<String, Node> field : node.fields().entrySet()) {
                String key = prefix == null || prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                flatten(field.getValue(), key, out, depth + 1);
            }
        } else if (node.isArray()) {
            List<String> scalars = node.elements().stream().map(Node::text).filter(v -> v != null)
                    .collect(Collectors.toList());
            if (!scalars.isEmpty()) {
                put(out, prefix, String.join(",", scalars));
            }
        } else {
            put(out, prefix, node.text());
        }
    }

    private Labels() {
    }
}
