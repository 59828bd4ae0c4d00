package io.tandem.incident.escalation;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.tandem.model.Wire;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Who gets an unacknowledged incident, level by level: each level's targets have {@code timeout} to acknowledge
 * before the next level is paged; after the last level the policy starts over, {@code repeatCount} more times.
 */
public record EscalationPolicy(UUID id, String name, List<Level> levels, int repeatCount, Instant createdAt,
                               Instant updatedAt) {

    public record Level(@JsonFormat(shape = JsonFormat.Shape.STRING) Duration timeout, List<Target> targets) {
    }

    /** A user by name, a schedule (whoever is on call then) or a team (whoever is on call in its schedule). */
    public record Target(TargetType type, String id) {
    }

    public enum TargetType implements Wire.Named { USER, SCHEDULE, TEAM }
}
