package io.tandem.triage.stream;

import io.tandem.model.change.Change;
import io.tandem.model.change.ChangeStatus;
import io.tandem.model.change.ChangeType;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What triage keeps of a change: its window and status, and the index keys it is filed under.
 *
 * @param indexKeys the {@code asset:} and {@code key:} entries of the change index this change is filed under
 */
public record ChangeWindow(UUID changeId, String title, ChangeType type, ChangeStatus status, Instant start,
                           Instant end, List<String> indexKeys) {

    /** Statuses in which the planned window is live: approved (waiting for or in its window) and in progress. */
    private static final Set<ChangeStatus> LIVE = EnumSet.of(ChangeStatus.APPROVED, ChangeStatus.IN_PROGRESS);

    static ChangeWindow of(Change change, List<String> indexKeys) {
        return new ChangeWindow(change.id(), change.title(), change.type(), change.status(), change.plannedStart(),
                change.plannedEnd(), indexKeys);
    }

    /** Inside an approved or in-progress change's planned window at {@code now}. */
    public boolean openAt(Instant now) {
        return LIVE.contains(status) && start != null && end != null && !now.isBefore(start) && now.isBefore(end);
    }

    /** The work is over: a silence bound to this change ends. */
    public boolean over() {
        return !LIVE.contains(status) && status != ChangeStatus.DRAFT && status != ChangeStatus.SUBMITTED;
    }
}
