package io.tandem.incident.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
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
     * is also the hand-off time of day for daily and weekly rotations) until {@code end} (optional).
     */
    public record Layer(String name, RotationType rotation, Integer lengthHours, LocalDateTime start,
                        LocalDateTime end, List<String> users) {
    }

    /** {@code user} is on call from {@code start} until {@code end}, whatever the layers say. */
    public record Override(UUID id, String user, Instant start, Instant end) {
    }
}
