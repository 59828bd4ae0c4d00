package io.tandem.change.asset;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MaintenanceWindowTest {

    private static final MaintenanceWindow SATURDAY_NIGHT =
            MaintenanceWindow.parse("FREQ=WEEKLY;BYDAY=SA;BYHOUR=2;BYMINUTE=0 PT4H");
    /** Saturday, 1 March 2031, midnight UTC. */
    private static final Instant SATURDAY = Instant.parse("2031-03-01T00:00:00Z");

    @Test
    void shouldCoverAChangeInsideOneOccurrence() {
        assertThat(SATURDAY_NIGHT.covers(SATURDAY.plus(Duration.ofHours(2)), SATURDAY.plus(Duration.ofHours(6)))).isTrue();
        assertThat(SATURDAY_NIGHT.covers(SATURDAY.plus(Duration.ofDays(7)).plus(Duration.ofHours(3)),
                SATURDAY.plus(Duration.ofDays(7)).plus(Duration.ofHours(4)))).isTrue();
    }

    @Test
    void shouldNotCoverAChangeThatStartsEarlyEndsLateOrFallsOnAnotherDay() {
        assertThat(SATURDAY_NIGHT.covers(SATURDAY.plus(Duration.ofHours(1)), SATURDAY.plus(Duration.ofHours(3)))).isFalse();
        assertThat(SATURDAY_NIGHT.covers(SATURDAY.plus(Duration.ofHours(5)), SATURDAY.plus(Duration.ofHours(7)))).isFalse();
        assertThat(SATURDAY_NIGHT.covers(SATURDAY.minus(Duration.ofHours(22)), SATURDAY.minus(Duration.ofHours(21)))).isFalse();
        assertThat(SATURDAY_NIGHT.covers(SATURDAY.minus(Duration.ofHours(24)), SATURDAY.minus(Duration.ofHours(23)))).isFalse();
    }

    @Test
    void shouldIgnoreTagsThatAreNotAWindow() {
        assertThat(MaintenanceWindow.parse("sundays")).isNull();
        assertThat(MaintenanceWindow.parse("FREQ=WEEKLY;BYDAY=SA")).isNull();
        assertThat(MaintenanceWindow.parse("FREQ=SOMETIMES PT4H")).isNull();
        assertThat(MaintenanceWindow.parse("FREQ=DAILY;BYHOUR=1 -PT1H")).isNull();
    }
}
