package io.tandem.kpi.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class KpiFilterTest {

    private static KpiFilter kind(String kind) {
        return new KpiFilter(Instant.EPOCH, Instant.EPOCH.plusSeconds(1), null, kind, null);
    }

    @Test
    void shouldSelectIncidentsOfBothKindsForEitherTeamsKinds() {
        assertThat(kind("security").incidentKinds()).containsExactly("security", "both");
        assertThat(kind("vulnerability").incidentKinds()).containsExactly("security", "both");
        assertThat(kind("availability").incidentKinds()).containsExactly("operational", "both");
        assertThat(kind("configuration-change").incidentKinds()).containsExactly("operational", "both");
        assertThat(kind("both").incidentKinds()).containsExactly("both");
    }

    @Test
    void shouldSelectSignalsOfTheGivenKindAndBothTeamsKindsForBoth() {
        assertThat(kind("vulnerability").signalKinds()).containsExactly("vulnerability");
        assertThat(kind("both").signalKinds()).containsExactly("security", "operational");
        assertThat(kind(null).signalKinds()).isNull();
        assertThat(kind(null).incidentKinds()).isNull();
    }
}
