package io.tandem.triage.rules;

import io.tandem.model.Priority;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.triage.Enrichment;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Priority from severity, asset criticality, environment and kind: the severity gives a base priority, then each
 * other factor moves it by a number of steps (negative is more urgent), clamped to P1–P5. The tables come from
 * configuration ({@code tandem.triage.priority.*}, documented in docs/architecture.md) as {@code key:value} lists, e.g.
 * {@code severity=critical:P1,high:P2}, {@code criticality=1:-1,4:+1}, {@code environment=dev:+1},
 * {@code kind=vulnerability:+1}. An unknown asset has no criticality or environment, so only severity and kind count.
 */
public final class PriorityTable {

    private final Map<String, Priority> severity;
    private final Map<String, Integer> criticality;
    private final Map<String, Integer> environment;
    private final Map<String, Integer> kind;

    public PriorityTable(String severity, String criticality, String environment, String kind) {
        this.severity = new HashMap<>();
        parse(severity, "severity").forEach((k, v) -> this.severity.put(k, Priority.valueOf(v.toUpperCase(Locale.ROOT))));
        this.criticality = steps(criticality, "criticality");
        this.environment = steps(environment, "environment");
        this.kind = steps(kind, "kind");
    }

    public Priority priority(Severity signalSeverity, SignalKind signalKind, Enrichment asset) {
        Priority base = severity.getOrDefault(signalSeverity.name().toLowerCase(Locale.ROOT), Priority.P5);
        int steps = kind.getOrDefault(signalKind.wire(), 0);
        if (asset != null && asset.criticality() != null) {
            steps += criticality.getOrDefault(asset.criticality().toString(), 0);
        }
        if (asset != null && asset.environment() != null) {
            steps += environment.getOrDefault(asset.environment().toLowerCase(Locale.ROOT), 0);
        }
        int index = Math.max(0, Math.min(Priority.values().length - 1, base.ordinal() + steps));
        return Priority.values()[index];
    }

    private static Map<String, Integer> steps(String text, String name) {
        Map<String, Integer> steps = new HashMap<>();
        parse(text, name).forEach((k, v) -> steps.put(k, Integer.parseInt(v.startsWith("+") ? v.substring(1) : v)));
        return steps;
    }

    private static Map<String, String> parse(String text, String name) {
        Map<String, String> entries = new HashMap<>();
        if (text == null || text.isBlank()) {
            return entries;
        }
        for (String entry : text.split(",")) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("tandem.triage.priority." + name + ": '" + entry.trim()
                        + "' is not key:value");
            }
            entries.put(entry.substring(0, colon).trim().toLowerCase(Locale.ROOT), entry.substring(colon + 1).trim());
        }
        return entries;
    }
}
