package io.tandem.kpi;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.model.EventTypes;
import io.tandem.model.Headers;
import io.tandem.model.Priority;
import io.tandem.model.Topics;
import io.tandem.model.incident.Incident;
import io.tandem.model.incident.IncidentAction;
import io.tandem.model.incident.IncidentKind;
import io.tandem.model.incident.IncidentStatus;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The consumers' contract: a redelivered event applies once, an older state never overwrites a newer one, a bad record goes to the DLQ. */
@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class KpiConsumerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void shouldApplyARedeliveredEventOnceAndIgnoreAnOlderState() {
        String team = Events.unique("team");
        Instant opened = Instant.parse("2021-08-01T10:00:00Z");
        Incident incident = new Incident(UUID.randomUUID(), "disk full", IncidentKind.OPERATIONAL, IncidentStatus.TRIGGERED,
                Priority.P3, null, team, null, null, List.of(), List.of(), List.of(), false, opened, opened, null, null,
                null, null, null, null, List.of(), null);
        Incident resolved = new Incident(incident.id(), "disk full", IncidentKind.OPERATIONAL, IncidentStatus.RESOLVED,
                Priority.P3, null, team, null, null, List.of(), List.of(), List.of(), false, opened, opened, null, null,
                opened.plusSeconds(600), null, null, null, List.of(), null);
        String openedEventId = UUID.randomUUID().toString();
        String[] labels = {"team", team};

        Events.incident(openedEventId, IncidentAction.OPENED, incident, opened);
        Events.incident(IncidentAction.RESOLVED, resolved, opened.plusSeconds(600));
        Events.incident(openedEventId, IncidentAction.OPENED, incident, opened);
        // A different event carrying the state before resolution, delivered late: the newer state stands.
        Events.incident(IncidentAction.ASSIGNED, incident, opened.plusSeconds(60));

        Awaitility.await("projected").atMost(DEADLINE).untilAsserted(() -> {
            var week = KpiHistoryTest.query("2021-08-01T00:00:00Z", "2021-08-02T00:00:00Z", team);
            assertThat(week.getLong("incidents.opened")).isEqualTo(1);
            assertThat(week.getLong("incidents.mttr.count")).isEqualTo(1);
            assertThat(week.getDouble("incidents.mttr.meanSeconds")).isEqualTo(600.0);
            assertThat(Scrape.now().value("tandem_kpi_incidents_opened_total", labels)).isEqualTo(1.0);
            assertThat(Scrape.now().value("tandem_kpi_incidents_open", labels)).isZero();
        });
        assertThat(Scrape.now().value("tandem_kpi_events_total", "topic", Topics.INCIDENTS_EVENTS, "outcome", "duplicate"))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(Scrape.now().value("tandem_kpi_incident_resolve_seconds_count", labels)).isEqualTo(1.0);
    }

    @Test
    void shouldDeadLetterRecordsThatAreNotContractEvents() {
        String marker = Events.unique("garbage");
        Map<String, String> ce = Map.of("ce_id", marker, "ce_type", EventTypes.of("change", "created"),
                "ce_source", "/tandem/kpi-test", "ce_specversion", "1.0", "ce_time", "2021-08-01T00:00:00Z");
        TestInfra.get().kafka().send(Topics.CHANGES_EVENTS, marker, "{\"action\":\"created\",\"" + marker + "\":1}", ce);
        TestInfra.get().kafka().send(Topics.ALERTS_GROUPS, marker, "{\"note\":\"" + marker + "\"}", Map.of());

        List<ConsumerRecord<String, byte[]>> dead = TestInfra.get().kafka().await(Topics.SIGNALS_DLQ, 2, DEADLINE,
                r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(marker));

        assertThat(dead).extracting(r -> KafkaTestClient.header(r, Headers.ORIGIN_TOPIC))
                .containsExactlyInAnyOrder(Topics.CHANGES_EVENTS, Topics.ALERTS_GROUPS);
        assertThat(dead).allSatisfy(r -> assertThat(KafkaTestClient.header(r, Headers.ERROR)).isEqualTo("invalid-event"));
        assertThat(dead).anySatisfy(r -> assertThat(KafkaTestClient.header(r, Headers.ERROR_DETAIL)).contains("change"));
        assertThat(dead).anySatisfy(r -> assertThat(KafkaTestClient.header(r, Headers.ERROR_DETAIL)).contains("CloudEvent"));
    }
}
