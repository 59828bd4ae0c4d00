package io.tandem.incident.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The on-call arithmetic alone, including the autumn DST change that the REST test does not cover. */
class OnCallTest {

    private static Schedule schedule(Schedule.RotationType type, Integer hours, String start, List<Schedule.Override> overrides) {
        return new Schedule(UUID.randomUUID(), "s", "t", "America/New_York", List.of(new Schedule.Layer("l", type, hours,
                LocalDateTime.parse(start), null, List.of("a", "b"))), overrides, null, null);
    }

    private static String at(Schedule s, String instant) {
        OnCall.Shift shift = OnCall.at(s, Instant.parse(instant));
        return shift == null ? null : shift.user();
    }

    @Test
    void shouldHandOffAtEightLocalOnTheDayClocksFallBack() {
        // 2026-11-01: New York goes from EDT (UTC-4) to EST (UTC-5); 08:00 local is 13:00Z that day, 12:00Z before.
        Schedule daily = schedule(Schedule.RotationType.DAILY, null, "2026-10-31T08:00", List.of());
        assertThat(at(daily, "2026-10-31T12:00:00Z")).isEqualTo("a");
        assertThat(at(daily, "2026-11-01T12:30:00Z")).isEqualTo("a");
        assertThat(at(daily, "2026-11-01T13:00:00Z")).isEqualTo("b");
    }

    @Test
    void shouldCountCustomRotationsInElapsedHours() {
        Schedule twelve = schedule(Schedule.RotationType.CUSTOM, 12, "2026-10-31T20:00", List.of());
        // 20:00 EDT = 00:00Z; twelve real hours later is 12:00Z, and across the fall-back the turns stay 12 h long.
        assertThat(at(twelve, "2026-11-01T11:59:59Z")).isEqualTo("a");
        assertThat(at(twelve, "2026-11-01T12:00:00Z")).isEqualTo("b");
        assertThat(at(twelve, "2026-11-02T00:00:00Z")).isEqualTo("a");
    }

    @Test
    void shouldPreferTheLatestOverride() {
        Schedule s = schedule(Schedule.RotationType.WEEKLY, null, "2026-10-05T09:00", List.of(
                new Schedule.Override(UUID.randomUUID(), "x", Instant.parse("2026-10-06T00:00:00Z"), Instant.parse("2026-10-08T00:00:00Z")),
                new Schedule.Override(UUID.randomUUID(), "y", Instant.parse("2026-10-07T00:00:00Z"), Instant.parse("2026-10-07T12:00:00Z"))));
        assertThat(at(s, "2026-10-06T12:00:00Z")).isEqualTo("x");
        assertThat(at(s, "2026-10-07T06:00:00Z")).isEqualTo("y");
        assertThat(at(s, "2026-10-12T12:59:59Z")).isEqualTo("a");
        assertThat(at(s, "2026-10-12T13:00:00Z")).isEqualTo("b");
        assertThat(at(s, "2026-10-05T12:59:59Z")).isNull();
    }
}
