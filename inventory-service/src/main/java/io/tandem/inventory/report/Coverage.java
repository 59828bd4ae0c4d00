package io.tandem.inventory.report;

import java.util.List;

/** Managed share of the non-decommissioned inventory, overall and broken down by environment and owner team. */
public record Coverage(long total, long managed, double managedPercent, List<Slice> byEnvironment, List<Slice> byOwnerTeam) {

    /** One group; {@code key} is null for assets without an environment or owner. */
    public record Slice(String key, long total, long managed, double managedPercent) {
    }

    static double percent(long managed, long total) {
        return total == 0 ? 0.0 : Math.round(managed * 10000.0 / total) / 100.0;
    }
}
