package io.tandem.ingest.format.elastic;

import io.tandem.ingest.format.support.Node;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads ECS fields by dotted name from documents that mix nested objects and flattened dotted keys
 * ({@code "kibana.alert.rule.name": ...} next to {@code "host": {"name": ...}}), as Kibana alert documents do.
 */
final class EcsFields {

    /**
     * The candidate keys of each dotted name the parser asks for: {@code keys[from][to]} joins parts
     * {@code from..to-1}. Parsers ask for a fixed set of names, dozens per document and mostly absent ones, so the
     * keys are built once per name instead of once per lookup.
     */
    private static final Map<String, String[][]> KEYS = new ConcurrentHashMap<>();

    /** The value at {@code dotted}, trying the longest flattened key first at every level. */
    static Node get(Node node, String dotted) {
        return get(node, KEYS.computeIfAbsent(dotted, EcsFields::keys), 0);
    }

    static String text(Node node, String dotted) {
        Node value = get(node, dotted);
        if (value.isArray()) {
            return value.elements().isEmpty() ? null : value.get(0).text();
        }
        return value.text();
    }

    private static Node get(Node node, String[][] keys, int from) {
        int parts = keys.length;
        if (!node.isObject()) {
            return node.get(keys[from][from + 1]);
        }
        for (int to = parts; to > from; to--) {
            Node child = node.get(keys[from][to]);
            if (child.present()) {
                return to == parts ? child : get(child, keys, to);
            }
        }
        return node.get(keys[from][parts]);
    }

    private static String[][] keys(String dotted) {
        String[] parts = dotted.split("\\.");
        String[][] keys = new String[parts.length][parts.length + 1];
        for (int from = 0; from < parts.length; from++) {
            for (int to = from + 1; to <= parts.length; to++) {
                keys[from][to] = String.join(".", Arrays.copyOfRange(parts, from, to));
            }
        }
        return keys;
    }

    private EcsFields() {
    }
}
