package io.tandem.kpi.metrics;

import java.util.HashSet;
import java.util.Set;

/**
 * Keeps a label whose values others choose (team names, source formats) to a bounded number of series: the first
 * {@code max} distinct values are used as they are, later ones become {@code other}, a missing one {@code none}.
 */
public final class LabelLimiter {

    public static final String OTHER = "other";
    public static final String NONE = "none";

    private final int max;
    private final Set<String> admitted = new HashSet<>();

    public LabelLimiter(int max) {
        this.max = max;
    }

    public synchronized String label(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        if (admitted.contains(value)) {
            return value;
        }
        if (admitted.size() < max) {
            admitted.add(value);
            return value;
        }
        return OTHER;
    }
}
