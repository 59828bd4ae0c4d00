package io.tandem.incident.schedule;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The on-call arithmetic alone, including the autumn DST change that the REST test does not cover. */
class OnCallTest {

    private static Schedule schedule(Schedule.RotationType type, Integer hours, String start, List<Schedule.Override> overrides) {
        return new Schedule(UUID.randomUUID(), "s", "t", "America/New_York", List.of(new Schedule.Layer("l", type, hours,
                LocalDateTime.parse(start), null, List.of("a", "b"), List.of())), overrides, null, null);
    }

    /** Berlin: "night" always on call, "day" on top only within {@code restriction}. */
    private static Schedule restricted(Schedule.Restriction restriction) {
        return new Schedule(UUID.randomUUID(), "s", "t", "Europe/Berlin", List.of(
                new Schedule.Layer("base", Schedule.RotationType.WEEKLY, null, LocalDateTime.parse("2026-01-05T00:00"),
                        null, List.of("night"), List.of()),
                new Schedule.Layer("office", Schedule.RotationType.WEEKLY, null, LocalDateTime.parse("2026-01-05T00:00"),
                        null, List.of("day"), List.of(restriction))), List.of(), null, null);
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

    @Test
    void shouldPutARestrictedLayerOnCallOnlyOnWeekdaysDuringOfficeHoursAcrossTheSpringDstChange() {
        Schedule office = restricted(new Schedule.Restriction(List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), Duration.ofHours(8)));
        // Friday 2026-03-27, CET (UTC+1): 09:00–17:00 local is 08:00Z–16:00Z.
        assertThat(at(office, "2026-03-27T07:59:59Z")).isEqualTo("night");
        assertThat(at(office, "2026-03-27T08:00:00Z")).isEqualTo("day");
        assertThat(at(office, "2026-03-27T15:59:59Z")).isEqualTo("day");
        assertThat(at(office, "2026-03-27T16:00:00Z")).isEqualTo("night");
        // The weekend, including Sunday 2026-03-29 when Berlin moves to CEST, stays with the layer below.
        assertThat(at(office, "2026-03-28T10:00:00Z")).isEqualTo("night");
        assertThat(at(office, "2026-03-29T10:00:00Z")).isEqualTo("night");
        // Monday 2026-03-30, CEST (UTC+2): 09:00–17:00 local is now 07:00Z–15:00Z.
        assertThat(at(office, "2026-03-30T06:59:59Z")).isEqualTo("night");
        assertThat(at(office, "2026-03-30T07:00:00Z")).isEqualTo("day");
        assertThat(at(office, "2026-03-30T14:59:59Z")).isEqualTo("day");
        assertThat(at(office, "2026-03-30T15:00:00Z")).isEqualTo("night");
    }

    @Test
    void shouldCountARestrictionThatCrossesMidnightInRealTimeOnTheNightClocksFallBack() {
        // Saturdays from 22:00 for 8 hours. 2026-10-25 at 03:00 CEST Berlin falls back to 02:00 CET, so the window
        // from 22:00 CEST (20:00Z) ends at 04:00Z, which is 05:00 local.
        Schedule saturdayNight = restricted(new Schedule.Restriction(List.of(DayOfWeek.SATURDAY), LocalTime.of(22, 0),
                Duration.ofHours(8)));
        assertThat(at(saturdayNight, "2026-10-24T19:59:59Z")).isEqualTo("night");
        assertThat(at(saturdayNight, "2026-10-24T20:00:00Z")).isEqualTo("day");
        assertThat(at(saturdayNight, "2026-10-25T01:30:00Z")).isEqualTo("day");
        assertThat(at(saturdayNight, "2026-10-25T03:59:59Z")).isEqualTo("day");
        assertThat(at(saturdayNight, "2026-10-25T04:00:00Z")).isEqualTo("night");
        // Not on other days of the week.
        assertThat(at(saturdayNight, "2026-10-23T21:00:00Z")).isEqualTo("night");
    }

    @Test
    void shouldMoveAWindowWhoseStartTheClockSkipsOnByTheGap() {
        // Daily from 02:30, which does not exist in Berlin on 2026-03-29: that day's window starts at 03:30 CEST (01:30Z).
        Schedule early = restricted(new Schedule.Restriction(List.of(), LocalTime.of(2, 30), Duration.ofHours(1)));
        assertThat(at(early, "2026-03-29T01:29:59Z")).isEqualTo("night");
        assertThat(at(early, "2026-03-29T01:30:00Z")).isEqualTo("day");
        assertThat(at(early, "2026-03-29T02:29:59Z")).isEqualTo("day");
        assertThat(at(early, "2026-03-29T02:30:00Z")).isEqualTo("night");
        // A day later 02:30 CEST is 00:30Z.
        assertThat(at(early, "2026-03-30T00:30:00Z")).isEqualTo("day");
    }
}
