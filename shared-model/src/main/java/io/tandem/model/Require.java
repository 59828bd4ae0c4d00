package io.tandem.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Field checks for record constructors: a missing required field names itself in the error. */
public final class Require {

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing required field '" + field + "'");
        }
        return value;
    }

    public static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing required field '" + field + "'");
        }
        return value;
    }

    public static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    /** An immutable copy sorted by key, so serialized events are stable; null values are dropped. */
    public static <V> Map<String, V> map(Map<String, V> value) {
        if (value == null || value.isEmpty()) {
            return Map.of();
        }
        if (value instanceof SortedMap<String, V> source && source.comparator() == null && !source.containsValue(null)) {
            // Already in key order (ingest builds every signal's labels so): copied in one pass, without comparing.
            return Collections.unmodifiableMap(new TreeMap<>(source));
        }
        Map<String, V> sorted = new TreeMap<>();
        value.forEach((k, v) -> {
            if (k != null && v != null) {
                sorted.put(k, v);
            }
        });
        return Collections.unmodifiableMap(sorted);
    }

    private Require() {
    }
}
