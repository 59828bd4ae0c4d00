package io.tandem.change.asset;

import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.TimeZone;

/**
 * An asset's recurring maintenance window from its inventory tag {@value #TAG}: an RFC 5545 RRULE for when each
 * window opens (UTC) and an ISO-8601 duration, e.g. {@code FREQ=WEEKLY;BYDAY=SA;BYHOUR=2;BYMINUTE=0 PT4H}.
 */
public record MaintenanceWindow(String rule, Duration length) {

    public static final String TAG = "maintenance-window";
    /** Occurrences looked at before giving up; a weekly rule needs one, a minutely one would need many. */
    private static final int MAX_OCCURRENCES = 10_000;
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    /** The window a tag value describes, or null when the value is not one (inventory does not validate tags). */
    public static MaintenanceWindow parse(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        String[] parts = tag.trim().split("\\s+");
        if (parts.length != 2) {
            return null;
        }
        try {
            new RecurrenceRule(parts[0]);
            Duration length = Duration.parse(parts[1]);
            return length.isNegative() || length.isZero() ? null : new MaintenanceWindow(parts[0], length);
        } catch (InvalidRecurrenceRuleException | DateTimeParseException e) {
            return null;
        }
    }

    /** True when one occurrence of the window holds all of {@code start}..{@code end}. */
    public boolean covers(Instant start, Instant end) {
        RecurrenceRuleIterator occurrences;
        try {
            // Anchored at the day before the earliest occurrence that could still hold start, so BYHOUR rules align.
            long anchor = start.minus(length).minus(Duration.ofDays(1)).toEpochMilli();
            anchor -= Math.floorMod(anchor, Duration.ofDays(1).toMillis());
            occurrences = new RecurrenceRule(rule).iterator(anchor, UTC);
        } catch (InvalidRecurrenceRuleException e) {
            return false;
        }
        for (int i = 0; i < MAX_OCCURRENCES && occurrences.hasNext(); i++) {
            Instant open = Instant.ofEpochMilli(occurrences.nextMillis());
            if (open.isAfter(start)) {
                return false;
            }
            if (!end.isAfter(open.plus(length))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return rule + " " + length;
    }
}
