package io.tandem.triage.rules;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * A recurring maintenance window: every listed weekday (every day if none) from {@code start} local time for
 * {@code duration}, in a named time zone. An occurrence starts at the local time on each day whatever the UTC offset,
 * so a 02:00 window stays at 02:00 across DST; on the night the clock skips the start time, the start moves on by
 * the gap (02:30 becomes 03:30), as {@code java.time} resolves gaps. The duration is real elapsed time.
 */
public record Recurrence(String timeZone,
                         @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES) List<DayOfWeek> days,
                         LocalTime start,
                         @JsonFormat(shape = JsonFormat.Shape.STRING) Duration duration) {

    public Recurrence {
        days = days == null ? List.of() : List.copyOf(days);
    }

    public boolean activeAt(Instant now) {
        ZoneId zone = ZoneId.of(timeZone);
        LocalDate today = now.atZone(zone).toLocalDate();
        Set<DayOfWeek> on = days.isEmpty() ? Set.of(DayOfWeek.values()) : Set.copyOf(days);
        long back = Math.max(1, duration.toDays() + 1);
        for (long d = 0; d <= back; d++) {
            LocalDate day = today.minusDays(d);
            if (!on.contains(day.getDayOfWeek())) {
                continue;
            }
            Instant begin = day.atTime(start).atZone(zone).toInstant();
            if (!now.isBefore(begin) && now.isBefore(begin.plus(duration))) {
                return true;
            }
        }
        return false;
    }
}
