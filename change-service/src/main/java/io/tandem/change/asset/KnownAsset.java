package io.tandem.change.asset;

import java.util.List;
import java.util.UUID;

/** What change knows of an inventory asset: enough to validate, rate risk, match signals and check windows. */
public record KnownAsset(UUID id, String name, Integer criticality, List<String> keys, MaintenanceWindow maintenanceWindow) {
}
