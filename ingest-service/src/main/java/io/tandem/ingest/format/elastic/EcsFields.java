package io.tandem.ingest.format.elastic;

import io.tandem.ingest.format.support.Node;

/**
 * Reads ECS fields by dotted name from documents that mix nested objects and flattened dotted keys
 * ({@code "kibana.alert.rule.name": ...} next to {@code "host": {"name": ...}}), as Kibana alert documents do.
 */
final class EcsFields {

    /** The value at {@code dotted}, trying the longest flattened key first at every level. */
    static Node get(Node node, String dotted) {
        return get(node, dotted.split("\\."), 0);
    }

    static String text(Node node, String dotted) {
        Node value = get(node, dotted);
        if (value.isArray()) {
            return value.elements().isEmpty() ? null : value.get(0).text();
        }
        return value.text();
    }

    private static Node get(Node node, String[] parts, int from) {
        if (!node.isObject()) {
            return node.get(parts[from]);
        }
        for (int to = parts.length; to > from; to--) {
            String key = String.join(".", java.util.Arrays.copyOfRange(parts, from, to));
            Node child = node.get(key);
            if (child.present()) {
                return to == parts.length ? child : get(child, parts, to);
            }
        }
        return node.get(String.join(".", java.util.Arrays.copyOfRange(parts, from, parts.length)));
    }

    private EcsFields() {
    }
}
