package io.tandem.incident.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * Who is on call at an instant. Daily and weekly rotations count hand-offs in the schedule's local time, so a
 * 09:00 hand-off stays at 09:00 across a DST change (the day of the change is 23 or 25 hours long); custom
 * rotations count fixed hours. A layer outside its restrictions has nobody, so the layer below answers.
 */
public final class OnCall {

    /** The answer: who, and which override or layer put them there. */
    public record Shift(String user, String layer, String overrideId) {
    }

    public static Shift at(Schedule schedule, Instant at) {
        Schedule.Override override = schedule.overrides().stream()
                .filter(o -> !at.isBefore(o.start()) && at.isBefore(o.end()))
                .reduce((first, second) -> second)
                .orElse(null);
        if (override != null) {
            return new Shift(override.user(), null, override.id().toString());
        }
        ZoneId zone = ZoneId.of(schedule.timeZone());
        LocalDateTime local = at.atZone(zone).toLocalDateTime();
        for (int i = schedule.layers().size() - 1; i >= 0; i--) {
            Schedule.Layer layer = schedule.layers().get(i);
            if (local.isBefore(layer.start()) || (layer.end() != null && !local.isBefore(layer.end()))
                    || !layer.onDutyAt(at, zone)) {
                continue;
            }
            long turn = switch (layer.rotation()) {
                case DAILY -> ChronoUnit.DAYS.between(layer.start(), local);
                case WEEKLY -> ChronoUnit.WEEKS.between(layer.start(), local);
                case CUSTOM -> Duration.between(layer.start().atZone(zone).toInstant(), at).toHours() / layer.lengthHours();
            };
            return new Shift(layer.users().get((int) (turn % layer.users().size())), layer.name(), null);
        }
        return null;
    }

    private OnCall() {
    }
}
