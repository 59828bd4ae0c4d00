package io.tandem.model;

/** Kafka topic names of the platform contract (docs/architecture.md, "Topics"). */
public final class Topics {

    /** Native payload bytes from monitoring and security tools; header {@link Headers#SOURCE} names the format. */
    public static final String SIGNALS_RAW = "signals.raw";
    /** Canonical {@link io.tandem.model.signal.Signal}s keyed by asset key. */
    public static final String SIGNALS_NORMALIZED = "signals.normalized";
    /** Records nobody could process, with the reason in headers. */
    public static final String SIGNALS_DLQ = "signals.dlq";
    /** Compacted latest state of every asset, keyed by asset id; tombstone on delete. */
    public static final String INVENTORY_ASSETS = "inventory.assets";
    /** Asset discoveries, zombies, stale and decommissioned assets. */
    public static final String INVENTORY_EVENTS = "inventory.events";
    /** Compacted ingest configuration (integration keys, stored hashed) keyed by kind and id; tombstone on delete. */
    public static final String INGEST_CONFIG = "ingest.config";
    /** Compacted triage rule definitions keyed by rule kind and id. */
    public static final String TRIAGE_CONFIG = "triage.config";
    /**
     * Compacted firing inhibition sources, keyed by inhibit rule, {@code equal} label values and source fingerprint;
     * tombstone when the source stops firing. Triage writes and reads it, so a source mutes its targets whichever
     * partition or instance each is on.
     */
    public static final String TRIAGE_INHIBITIONS = "triage.inhibitions";
    /** One decision per signal, keyed by alert group id. */
    public static final String TRIAGE_DECISIONS = "triage.decisions";
    /** Alert group lifecycle keyed by alert group id. */
    public static final String ALERTS_GROUPS = "alerts.groups";
    /** Change request lifecycle, windows and expiries keyed by change id. */
    public static final String CHANGES_EVENTS = "changes.events";
    /** Incident lifecycle keyed by incident id, carrying the full incident state. */
    public static final String INCIDENTS_EVENTS = "incidents.events";
    /** Requested response actions keyed by target. */
    public static final String ACTIONS_REQUESTS = "actions.requests";

    /** Compacted topics: their consumers rebuild state from the beginning. */
    public static final java.util.Set<String> COMPACTED = java.util.Set.of(INVENTORY_ASSETS, TRIAGE_CONFIG, INGEST_CONFIG,
            TRIAGE_INHIBITIONS);

    /** Every topic of the contract, in pipeline order. */
    public static final java.util.List<String> ALL = java.util.List.of(
            SIGNALS_RAW, SIGNALS_NORMALIZED, SIGNALS_DLQ, INGEST_CONFIG, INVENTORY_ASSETS, INVENTORY_EVENTS, TRIAGE_CONFIG,
            TRIAGE_INHIBITIONS, TRIAGE_DECISIONS, ALERTS_GROUPS, CHANGES_EVENTS, INCIDENTS_EVENTS, ACTIONS_REQUESTS);

    private Topics() {
    }
}
