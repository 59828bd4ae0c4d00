package io.tandem.kpi.report;

import java.time.Instant;
import java.util.Map;

/**
 * The answer of {@code GET /api/v1/kpis}: the shared KPIs over {@code [from, to)}. Each duration counts the items
 * whose end falls in the range (an incident acknowledged in it for MTTA, resolved in it for MTTR); counts and rates
 * of incidents, changes and alerts count those that started in it; asset coverage is as of {@code to}.
 */
public record KpiReport(Instant from, Instant to, Filters filters, Incidents incidents,
                        DurationStats vulnerabilityRemediation, Signals signals, Noise noise, Changes changes,
                        Assets assets) {

    public record Filters(String team, String kind, String priority) {
    }

    /**
     * Incidents: MTTD (first signal → opened), MTTA (opened → acknowledged), time to contain (opened → mitigated), MTTR
     * (opened → resolved); merged incidents live on in the one they were merged into and are left out.
     */
    public record Incidents(long opened, DurationStats mttd, DurationStats mtta, DurationStats timeToContain,
                            DurationStats mttr, long slaBreached, Double slaBreachRate, long changeInduced,
                            Double changeInducedRate) {
    }

    /** Count, mean and percentiles (linear interpolation) in seconds; all but the count are null when it is 0. */
    public record DurationStats(long count, Double meanSeconds, Double p50Seconds, Double p90Seconds,
                                Double p95Seconds, Double maxSeconds) {
    }

    /** Normalized signals observed in the range (not team-scoped: a signal has no team until triage decides). */
    public record Signals(long total, Map<String, Long> bySource, Map<String, Long> byKind) {
    }

    /**
     * Noise reduction: triage decisions (one per signal) against the alert groups and incidents they became.
     * {@code suppressedShare} counts signals kept from paging: silenced, inhibited, suppressed or linked to a change.
     */
    public record Noise(long signals, long alertGroups, long incidents, Double signalsPerIncident,
                        Double deduplicatedShare, Double suppressedShare, Map<String, Long> byOutcome) {
    }

    /**
     * Change requests (not team-scoped): emergency and security-review shares of those created in the range; success
     * rate of those that ended in it (succeeded and did not cause an incident).
     */
    public record Changes(long created, long emergency, Double emergencyShare, long securityReviewed,
                          Double securityReviewShare, long ended, long succeeded, Double successRate,
                          long causedIncident) {
    }

    /** The inventory as of {@code to} (decommissioned assets left out), and findings in the range (distinct assets). */
    public record Assets(long total, long unmanaged, Double unmanagedPercent, long zombies, long stale,
                         long discovered) {
    }
}
