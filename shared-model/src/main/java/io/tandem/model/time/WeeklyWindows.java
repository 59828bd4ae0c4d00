package io.tandem.model.time;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;

/**
 * The one definition of a repeating window, shared by triage's recurring silences and incident's schedule-layer
 * restrictions: on each of {@code days} (every day when empty) from {@code start} local time in {@code zone}, for
 * {@code duration} of real elapsed time. A window starts at its local time whatever the UTC offset, so a 09:00 window
 * stays at 09:00 across DST; on the night the clock skips the start time, the start moves on by the gap (02:30 becomes
 * 03:30), as {@code java.time} resolves gaps.
 */
public final class WeeklyWindows {

    private WeeklyWindows() {
    }

    public static boolean covers(Instant at, ZoneId zone, Collection<DayOfWeek> days, LocalTime start, Duration duration) {
        LocalDate today = at.atZone(zone).toLocalDate();
        // A window that covers `at` began at most `duration` (plus a DST hour) before it.
        for (long back = 0; back <= duration.toDays() + 1; back++) {
            LocalDate day = today.minusDays(back);
            if (!days.isEmpty() && !days.contains(day.getDayOfWeek())) {
                continue;
            }
            Instant begin = day.atTime(start).atZone(zone).toInstant();
            if (!at.isBefore(begin) && at.isBefore(begin.plus(duration))) {
                return true;
            }
        }
        return false;
    }
}
