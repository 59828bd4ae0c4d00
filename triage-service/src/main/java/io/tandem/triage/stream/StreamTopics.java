package io.tandem.triage.stream;

import io.tandem.model.Topics;

/**
 * The topics the triage topology reads and writes: the contract's in the service, a prefixed copy where a test or
 * benchmark needs the stream path to itself on a shared broker.
 */
public record StreamTopics(String signals, String decisions, String groups, String dlq, String config, String assets,
                           String changes, String inhibitions) {

    public static final StreamTopics CONTRACT = new StreamTopics(Topics.SIGNALS_NORMALIZED, Topics.TRIAGE_DECISIONS,
            Topics.ALERTS_GROUPS, Topics.SIGNALS_DLQ, Topics.TRIAGE_CONFIG, Topics.INVENTORY_ASSETS, Topics.CHANGES_EVENTS,
            Topics.TRIAGE_INHIBITIONS);

    public StreamTopics prefixed(String prefix) {
        return new StreamTopics(prefix + signals, prefix + decisions, prefix + groups, prefix + dlq, prefix + config,
                prefix + assets, prefix + changes, prefix + inhibitions);
    }

    public java.util.List<String> all() {
        return java.util.List.of(signals, decisions, groups, dlq, config, assets, changes, inhibitions);
    }
}
