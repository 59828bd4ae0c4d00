package io.tandem.triage.rules;

import io.tandem.model.signal.Observable;
import io.tandem.model.signal.Signal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Correlates alerts into one group by what they share, across assets: signals matching {@code matchers} with equal
 * values of every {@code groupBy} key, each new one within {@code window} of the group's last signal, are one group.
 * A key is a label name, a {@code signal.*} or {@code asset.*} field (see {@link SignalFields}), or
 * {@code observable:<type>} for the signal's first observable of that type ({@code observable:ip@src_ip} picks the one
 * the source named {@code src_ip}), so "the same attacker IP against several hosts is one group". Rules are tried in
 * {@code position} order; a signal lacking a key's value is left to the next rule, and in the end to the default rule
 * (asset + kind).
 */
public record CorrelationRule(UUID id, String name, int position, List<Matcher> matchers, List<String> groupBy,
                              Duration window, String createdBy, Instant updatedAt) implements Rule {

    public CorrelationRule {
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
    }

    /** The group key this rule gives the signal, or empty if it does not apply. */
    public Optional<String> groupKey(Signal signal, Function<String, String> fields) {
        for (Matcher matcher : matchers) {
            if (!matcher.matches(fields)) {
                return Optional.empty();
            }
        }
        List<String> values = new ArrayList<>();
        for (String key : groupBy) {
            String value = key.startsWith("observable:") ? observable(signal, key.substring("observable:".length()))
                    : fields.apply(key);
            if (value == null || value.isEmpty()) {
                return Optional.empty();
            }
            values.add(key + "=" + value);
        }
        return Optional.of("rule:" + id + "|" + String.join("|", values));
    }

    private static String observable(Signal signal, String selector) {
        int at = selector.indexOf('@');
        String type = (at < 0 ? selector : selector.substring(0, at)).toLowerCase(Locale.ROOT);
        String name = at < 0 ? null : selector.substring(at + 1);
        for (Observable observable : signal.observables()) {
            if (observable.type().wire().equals(type) && (name == null || name.equals(observable.name()))) {
                return observable.value();
            }
        }
        return null;
    }
}
