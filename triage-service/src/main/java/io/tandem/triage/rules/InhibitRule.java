package io.tandem.triage.rules;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Alertmanager inhibition: while an alert matching {@code sourceMatchers} fires, alerts matching
 * {@code targetMatchers} with the same values of the {@code equal} labels are muted (a missing label counts as the
 * empty value on both sides, as in Alertmanager). An alert never inhibits itself.
 */
public record InhibitRule(UUID id, String name, List<Matcher> sourceMatchers, List<Matcher> targetMatchers,
                          List<String> equal, String createdBy, Instant updatedAt) implements Rule {

    public InhibitRule {
        sourceMatchers = sourceMatchers == null ? List.of() : List.copyOf(sourceMatchers);
        targetMatchers = targetMatchers == null ? List.of() : List.copyOf(targetMatchers);
        equal = equal == null ? List.of() : List.copyOf(equal);
    }
}
