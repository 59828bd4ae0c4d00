package io.tandem.model;

/**
 * CloudEvents {@code ce_type} names: {@code io.tandem.<noun>.<verb>.v1}.
 * Lifecycle events whose verb is an enum value use {@link #of(String, String)}.
 */
public final class EventTypes {

    public static final String SIGNAL_NORMALIZED = of("signal", "normalized");
    public static final String DECISION_MADE = of("decision", "made");
    public static final String ASSET_UPDATED = of("asset", "updated");
    public static final String ASSET_DELETED = of("asset", "deleted");
    public static final String ACTION_REQUESTED = of("action", "requested");

    /** Builds {@code io.tandem.<noun>.<verb>.v1}; verbs with a dash (rolled-back) become dotless camel-free words. */
    public static String of(String noun, String verb) {
        return "io.tandem." + noun + "." + verb.replace("-", "") + ".v1";
    }

    private EventTypes() {
    }
}
