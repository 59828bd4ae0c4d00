package io.tandem.triage.rules;

import java.util.Arrays;

/** The rule kinds triage is configured with; each has a REST collection and a key prefix on {@code triage.config}. */
public enum RuleKind {
    SILENCE("silence", Silence.class),
    INHIBIT_RULE("inhibit-rule", InhibitRule.class),
    ROUTE("route", Route.class),
    CORRELATION_RULE("correlation-rule", CorrelationRule.class);

    private final String wire;
    private final Class<? extends Rule> type;

    RuleKind(String wire, Class<? extends Rule> type) {
        this.wire = wire;
        this.type = type;
    }

    public String wire() {
        return wire;
    }

    public Class<? extends Rule> type() {
        return type;
    }

    /** The record key on {@code triage.config}: kind and id, so one compacted topic holds every rule kind. */
    public String key(Object id) {
        return wire + ':' + id;
    }

    /** The kind of a {@code triage.config} key, or null for a key this version does not know. */
    public static RuleKind ofKey(String key) {
        int colon = key.indexOf(':');
        String prefix = colon < 0 ? key : key.substring(0, colon);
        return Arrays.stream(values()).filter(k -> k.wire.equals(prefix)).findFirst().orElse(null);
    }
}
