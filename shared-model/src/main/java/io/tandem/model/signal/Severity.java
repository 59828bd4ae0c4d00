package io.tandem.model.signal;

import java.util.Map;

/**
 * OCSF severity: {@code severity_id} 0–6 (and 99, Other) with its caption.
 * The name is derived from the id, so a producer cannot send a contradictory pair.
 */
public record Severity(int id, String name) {

    private static final Map<Integer, String> NAMES = Map.of(
            0, "Unknown", 1, "Informational", 2, "Low", 3, "Medium", 4, "High", 5, "Critical", 6, "Fatal", 99, "Other");

    public static final Severity UNKNOWN = of(0);
    public static final Severity INFORMATIONAL = of(1);
    public static final Severity LOW = of(2);
    public static final Severity MEDIUM = of(3);
    public static final Severity HIGH = of(4);
    public static final Severity CRITICAL = of(5);
    public static final Severity FATAL = of(6);
    public static final Severity OTHER = of(99);

    public Severity {
        String canonical = NAMES.get(id);
        if (canonical == null) {
            throw new IllegalArgumentException("severity.id must be an OCSF severity_id (0-6 or 99), was " + id);
        }
        name = canonical;
    }

    public static Severity of(int id) {
        return new Severity(id, null);
    }

    /** True for High and above, the ones a change window never hides for security signals. */
    public boolean atLeast(Severity other) {
        return rank() >= other.rank();
    }

    private int rank() {
        return id == 99 ? 0 : id;
    }
}
