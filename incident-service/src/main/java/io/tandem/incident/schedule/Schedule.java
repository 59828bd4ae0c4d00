package io.tandem.incident.schedule;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.tandem.model.time.WeeklyWindows;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * An on-call schedule in a named time zone: layers of rotations, the later layer winning where it has someone on
 * call, and overrides above all layers.
 */
public record Schedule(UUID id, String name, String team, String timeZone, List<Layer> layers,
                       List<Override> overrides, Instant createdAt, Instant updatedAt) {

    /** How often a rotation hands off: every day or week at the start's local time, or every {@code lengthHours}. */
    public enum RotationType implements io.tandem.model.Wire.Named { DAILY, WEEKLY, CUSTOM }

    /**
     * One rotation: {@code users} take turns, the first from {@code start} (local time in the schedule's zone, which
     * is also the hand-off time of day for daily and weekly rotations) until {@code end} (optional). With
     * {@code restrictions}, the layer has someone on call only inside them (the turns still count on outside them),
     * and the layers below show through the rest of the time.
     */
    public record Layer(String name, RotationType rotation, Integer lengthHours, LocalDateTime start,
                        LocalDateTime end, List<String> users, List<Restriction> restrictions) {

        public Layer {
            // Layers stored before restrictions existed have none.
            restrictions = restrictions == null ? List.of() : List.copyOf(restrictions);
        }

        /** True when the layer's restrictions (if any) let it have someone on call at {@code at}. */
        boolean onDutyAt(Instant at, ZoneId zone) {
            return restrictions.isEmpty() || restrictions.stream().anyMatch(r -> r.covers(at, zone));
        }
    }

    /**
     * A window of a restricted layer, the shape of a triage silence's recurrence: on each of {@code days} (every day
     * when empty) from {@code start}, local time in the schedule's zone, for {@code duration} of real time. "Mon–Fri
     * 09:00–17:00" is {@code {"days": ["monday", …, "friday"], "start": "09:00", "duration": "PT8H"}}. A window starts
     * at its local time whatever the UTC offset, so it stays at 09:00 across a DST change ({@link WeeklyWindows}).
     */
    public record Restriction(@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES) List<DayOfWeek> days,
                              LocalTime start, @JsonFormat(shape = JsonFormat.Shape.STRING) Duration duration) {

        /** The longest window: a week, so that every restriction is a weekly pattern. */
        public static final Duration MAX = Duration.ofDays(7);

        public Restriction {
            days = days == null ? List.of() : List.copyOf(days);
        }

        boolean covers(Instant at, ZoneId zone) {
            return WeeklyWindows.covers(at, zone, days, start, duration);
        }
    }

    /** {@code user} is on call from {@code start} until {@code end}, whatever the layers say. */
    public record Override(UUID id, String user, Instant start, Instant end) {
    }
}
