package io.tandem.kpi;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.model.Priority;
import io.tandem.model.asset.AssetAction;
import io.tandem.model.change.ChangeType;
import io.tandem.model.incident.Incident;
import io.tandem.model.incident.IncidentAction;
import io.tandem.model.incident.IncidentKind;
import io.tandem.model.incident.IncidentStatus;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.testkit.TandemTestResource;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Series exposed at zero before their first event: Prometheus' {@code increase()} cannot see the first event of a
 * series that appears with it already counted, so dashboards would miss it.
 */
@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class KpiSeriesTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void shouldExposeEverySeriesWhoseLabelsAreEnumsFromTheStart() {
        Scrape scrape = Scrape.now();
        SoftAssertions softly = new SoftAssertions();
        for (ChangeType type : ChangeType.values()) {
            for (String review : List.of("true", "false")) {
                softly.assertThat(scrape.has("tandem_kpi_changes_total", "type", type.wire(), "security_review", review))
                        .as("changes of type %s, security review %s", type.wire(), review).isTrue();
            }
            for (String outcome : List.of("succeeded", "failed")) {
                softly.assertThat(scrape.has("tandem_kpi_change_outcomes_total", "type", type.wire(), "outcome", outcome))
                        .as("%s changes that %s", type.wire(), outcome).isTrue();
            }
            softly.assertThat(scrape.has("tandem_kpi_changes_caused_incident_total", "type", type.wire()))
                    .as("%s changes that caused an incident", type.wire()).isTrue();
        }
        for (DecisionOutcome outcome : DecisionOutcome.values()) {
            for (SignalKind kind : SignalKind.values()) {
                softly.assertThat(scrape.has("tandem_kpi_decisions_total", "outcome", outcome.wire(), "kind", kind.wire()))
                        .as("%s decisions on %s signals", outcome.wire(), kind.wire()).isTrue();
            }
        }
        for (AssetAction action : AssetAction.values()) {
            softly.assertThat(scrape.has("tandem_kpi_asset_findings_total", "action", action.wire()))
                    .as("asset findings %s", action.wire()).isTrue();
        }
        softly.assertThat(scrape.has("tandem_kpi_vulnerability_remediation_seconds_count")).as("remediations").isTrue();
        softly.assertAll();
    }

    @Test
    void shouldExposeTheLaterStagesOfAnIncidentAtZeroWhenItOpens() {
        String team = Events.unique("team");
        Instant opened = Instant.parse("2021-09-01T10:00:00Z");
        Incident incident = new Incident(UUID.randomUUID(), "phishing", IncidentKind.SECURITY, IncidentStatus.TRIGGERED,
                Priority.P2, null, team, null, null, List.of(), List.of(), List.of(), false, opened, opened, null, null,
                null, null, null, null, List.of(), null);
        String[] labels = {"kind", "security", "priority", "P2", "team", team};

        Events.incident(IncidentAction.OPENED, incident, opened);

        Awaitility.await("opening projected").atMost(DEADLINE)
                .until(() -> Scrape.now().value("tandem_kpi_incidents_opened_total", labels) == 1.0);
        Scrape scrape = Scrape.now();
        for (String series : List.of("tandem_kpi_incident_acknowledge_seconds_count", "tandem_kpi_incident_contain_seconds_count",
                "tandem_kpi_incident_resolve_seconds_count", "tandem_kpi_sla_breaches_total",
                "tandem_kpi_incidents_change_induced_total")) {
            assertThat(scrape.has(series, labels)).as(series).isTrue();
            assertThat(scrape.value(series, labels)).as(series).isZero();
        }
    }
}
