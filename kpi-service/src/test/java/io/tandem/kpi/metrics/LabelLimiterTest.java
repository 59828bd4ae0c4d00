package io.tandem.kpi.metrics;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LabelLimiterTest {

    @Test
    void shouldKeepTheFirstValuesAndFoldTheRestIntoOther() {
        LabelLimiter teams = new LabelLimiter(3);

        assertThat(IntStream.range(0, 5).mapToObj(i -> teams.label("team-" + i)))
                .containsExactly("team-0", "team-1", "team-2", LabelLimiter.OTHER, LabelLimiter.OTHER);
        assertThat(teams.label("team-1")).isEqualTo("team-1");
        assertThat(teams.label("team-9")).isEqualTo(LabelLimiter.OTHER);
    }

    @Test
    void shouldNameAMissingValueNoneWithoutUsingASlot() {
        LabelLimiter teams = new LabelLimiter(1);

        assertThat(teams.label(null)).isEqualTo(LabelLimiter.NONE);
        assertThat(teams.label(" ")).isEqualTo(LabelLimiter.NONE);
        assertThat(teams.label("payments")).isEqualTo("payments");
    }
}
