package io.tandem.system;

import org.junit.jupiter.api.Test;

import static io.tandem.system.DashboardQueriesIT.withoutThreshold;
import static org.assertj.core.api.Assertions.assertThat;

/** What {@link DashboardQueriesIT} requires data from for an alert rule: the part its threshold compares. */
class RuleThresholdTest {

    @Test
    void shouldLeaveOutAThresholdThatComparesTheWholeExpression() {
        assertThat(withoutThreshold("up{job=\"tandem\"} == 0")).isEqualTo("up{job=\"tandem\"}");
        assertThat(withoutThreshold("sum by (team) (increase(x_total[1h])) > 5")).isEqualTo("sum by (team) (increase(x_total[1h]))");
        assertThat(withoutThreshold("(sum(rate(a{s=~\"5..\"}[5m])) or sum(rate(a[5m])) * 0)\n / sum(rate(a[5m])) > 0.05\n"))
                .isEqualTo("(sum(rate(a{s=~\"5..\"}[5m])) or sum(rate(a[5m])) * 0)\n / sum(rate(a[5m]))");
        assertThat(withoutThreshold("sum(rate(x{client_id=~\".*(dlq|or).*\"}[5m])) > 0")).isEqualTo("sum(rate(x{client_id=~\".*(dlq|or).*\"}[5m]))");
        assertThat(withoutThreshold("sum(unless_total) + orders_total > 0")).isEqualTo("sum(unless_total) + orders_total");
    }

    @Test
    void shouldKeepTheWholeExpressionWhenTheThresholdComparesOnlyItsLastOperand() {
        assertThat(withoutThreshold("up == 0 or absent(up) > 0")).isEqualTo("up == 0 or absent(up) > 0");
        assertThat(withoutThreshold("a and b > 3")).isEqualTo("a and b > 3");
        assertThat(withoutThreshold("a unless on (x) b < 1")).isEqualTo("a unless on (x) b < 1");
    }

    @Test
    void shouldKeepAnExpressionWithoutAFinalNumericComparison() {
        assertThat(withoutThreshold("sum(a) > bool 3")).isEqualTo("sum(a) > bool 3");
        assertThat(withoutThreshold("sum(a) > sum(b)")).isEqualTo("sum(a) > sum(b)");
        assertThat(withoutThreshold(" rate(a[5m]) ")).isEqualTo("rate(a[5m])");
    }
}
