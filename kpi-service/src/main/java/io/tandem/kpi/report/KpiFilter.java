package io.tandem.kpi.report;

import io.tandem.model.Priority;

import java.time.Instant;
import java.util.List;

/**
 * The range {@code [from, to)} and the optional filters of a KPI query. {@code kind} is a signal kind or
 * {@code both}; incidents, whose kind is security, operational or both, match this way: security and vulnerability
 * select security and both-kind incidents, operational, availability and configuration-change select operational
 * and both-kind ones, {@code both} only both-kind incidents (and security plus operational signals).
 */
public record KpiFilter(Instant from, Instant to, String team, String kind, Priority priority) {

    public static final List<String> KINDS = List.of("security", "operational", "vulnerability", "availability",
            "configuration-change", "both");

    /** Signal kinds (also decisions' and alert groups') the filter selects; null selects all. */
    public String[] signalKinds() {
        if (kind == null) {
            return null;
        }
        return "both".equals(kind) ? new String[] {"security", "operational"} : new String[] {kind};
    }

    /** Incident kinds the filter selects; null selects all. */
    public String[] incidentKinds() {
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case "security", "vulnerability" -> new String[] {"security", "both"};
            case "both" -> new String[] {"both"};
            default -> new String[] {"operational", "both"};
        };
    }

    public String priorityName() {
        return priority == null ? null : priority.name();
    }
}
