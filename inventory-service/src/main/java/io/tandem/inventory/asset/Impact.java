package io.tandem.inventory.asset;

import java.util.List;
import java.util.UUID;

/**
 * The blast radius of an asset: everything that depends on it, transitively, and the teams that own those.
 *
 * @param owners distinct owner teams of the dependents, for notification
 */
public record Impact(UUID assetId, String name, List<Dependent> dependents, List<String> owners) {

    /** One dependent asset; {@code via} lists its edges into the impacted set ({@code runs-on:<id>}). */
    public record Dependent(UUID id, String name, String type, String ownerTeam, String environment, Integer criticality,
                            String lifecycle, List<String> via) {
    }
}
