package io.tandem.incident.postmortem;

import io.tandem.incident.incident.TimelineEntry;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A blameless postmortem: what happened and its impact, the operational and security factors that contributed (not
 * who), the timeline entries that tell the story, and action items with owners and due dates, some of which ask for
 * a change.
 */
public record Postmortem(UUID incidentId, String summary, String impact, Factors contributingFactors,
                         List<TimelineEntry> timelineExcerpt, List<ActionItem> actionItems, String author,
                         Instant createdAt, Instant updatedAt) {

    public record Factors(List<String> operational, List<String> security) {
    }

    /** {@code changeRequestId} is set once the item's change request was published. */
    public record ActionItem(UUID id, String title, String owner, LocalDate dueDate, RequestedChange requestChange,
                             UUID changeRequestId) {
    }

    public record RequestedChange(String title, String description, List<String> assetKeys) {
    }
}
