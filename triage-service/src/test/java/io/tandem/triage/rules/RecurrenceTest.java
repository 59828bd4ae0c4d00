package io.tandem.triage.rules;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Recurring maintenance windows in a named time zone, across midnight and DST. */
class RecurrenceTest {

    private final Recurrence sundayNight = new Recurrence("Europe/Berlin", List.of(DayOfWeek.SUNDAY), LocalTime.of(23, 0),
            Duration.ofHours(3));

    @Test
    void shouldBeActiveFromTheLocalStartForTheDurationAcrossMidnight() {
        // Sunday 2026-11-22 23:00 in Berlin (CET, UTC+1) is 22:00Z; the window runs to Monday 02:00 local.
        assertThat(sundayNight.activeAt(Instant.parse("2026-11-22T21:59:59Z"))).isFalse();
        assertThat(sundayNight.activeAt(Instant.parse("2026-11-22T22:00:00Z"))).isTrue();
        assertThat(sundayNight.activeAt(Instant.parse("2026-11-23T00:59:59Z"))).as("Monday 01:59 local").isTrue();
        assertThat(sundayNight.activeAt(Instant.parse("2026-11-23T01:00:00Z"))).isFalse();
        assertThat(sundayNight.activeAt(Instant.parse("2026-11-24T22:30:00Z"))).as("a Tuesday").isFalse();
    }

    @Test
    void shouldKeepTheLocalStartWhenTheOffsetChanges() {
        // Summer time (CEST, UTC+2): Sunday 2026-07-05 23:00 local is 21:00Z.
        assertThat(sundayNight.activeAt(Instant.parse("2026-07-05T21:00:00Z"))).isTrue();
        assertThat(sundayNight.activeAt(Instant.parse("2026-07-05T20:59:00Z"))).isFalse();
    }

    @Test
    void shouldMoveTheStartByTheGapOnTheNightTheClockSkipsIt() {
        // 2026-03-29: Berlin jumps from 02:00 to 03:00 CEST; a 02:30 window moves by the gap to 03:30 CEST (01:30Z).
        Recurrence daily = new Recurrence("Europe/Berlin", List.of(), LocalTime.of(2, 30), Duration.ofHours(1));
        assertThat(daily.activeAt(Instant.parse("2026-03-29T01:29:00Z"))).isFalse();
        assertThat(daily.activeAt(Instant.parse("2026-03-29T01:30:00Z"))).isTrue();
        assertThat(daily.activeAt(Instant.parse("2026-03-29T02:29:00Z"))).isTrue();
        assertThat(daily.activeAt(Instant.parse("2026-03-29T02:30:00Z"))).isFalse();
        assertThat(daily.activeAt(Instant.parse("2026-03-30T00:45:00Z"))).as("02:45 CEST the next day").isTrue();
    }
}
