package io.tandem.triage.rules;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.tandem.model.time.WeeklyWindows;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * A recurring maintenance window: every listed weekday (every day if none) from {@code start} local time for
 * {@code duration}, in a named time zone, as {@link WeeklyWindows} defines it.
 */
public record Recurrence(String timeZone,
                         @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES) List<DayOfWeek> days,
                         LocalTime start,
                         @JsonFormat(shape = JsonFormat.Shape.STRING) Duration duration) {

    public Recurrence {
        days = days == null ? List.of() : List.copyOf(days);
    }

    public boolean activeAt(Instant now) {
        return WeeklyWindows.covers(now, ZoneId.of(timeZone), days, start, duration);
    }
}
