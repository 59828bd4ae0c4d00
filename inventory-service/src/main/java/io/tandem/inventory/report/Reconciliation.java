package io.tandem.inventory.report;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Two sources compared: the assets only the first knows, only the second knows, and the assets both know whose
 * fields disagree. Each list holds at most {@code limit} entries; {@code truncated} says whether any was cut.
 */
public record Reconciliation(List<String> sources, List<AssetSummary> onlyInFirst, List<AssetSummary> onlyInSecond,
                             List<Difference> differences, boolean truncated) {

    /** An asset as a reconciliation lists it. */
    public record AssetSummary(UUID id, String name, String type, String ownerTeam) {
    }

    /** The fields of one asset on which the sources disagree, with each source's value. */
    public record Difference(UUID id, String name, List<FieldDifference> fields) {
    }

    /** One field; a null value means that source does not say. */
    public record FieldDifference(String field, Map<String, String> values) {
    }
}
