package io.tandem.model.triage;

/** What the inventory knew about the signal's asset when triage decided; {@code assetId} null means unmanaged. */
public record Enrichment(String assetId, String ownerTeam, String environment, Integer criticality, boolean managed,
                         String privilegeLevel) {
}
