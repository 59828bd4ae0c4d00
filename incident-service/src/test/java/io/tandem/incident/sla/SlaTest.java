package io.tandem.incident.sla;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.incident.Fixtures;
import io.tandem.model.Priority;
import io.tandem.model.Topics;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.model.json.Json;
import io.tandem.model.signal.SignalKind;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.tandem.incident.Fixtures.as;
import static io.tandem.incident.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** The test profile gives P5 an acknowledge SLA of 2 s and a resolve SLA of 4 s. */
@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class SlaTest {

    @Test
    void shouldReportEachBreachOnceAsAnEventAndOnTheIncident() {
        String team = unique("sla");
        Fixtures.send(Fixtures.routed(UUID.randomUUID(), team, SignalKind.AVAILABILITY, Priority.P5));
        String id = Fixtures.incidentIdOf(team);

        Awaitility.await("acknowledge breach").atMost(Duration.ofSeconds(15)).until(() ->
                as("viewer").get("/api/v1/incidents/" + id).then().extract().jsonPath()
                        .getList("incident.slaBreaches").contains("acknowledge"));
        as("responder").post("/api/v1/incidents/" + id + "/acknowledge").then().statusCode(200);
        Awaitility.await("resolve breach").atMost(Duration.ofSeconds(15)).until(() ->
                as("viewer").get("/api/v1/incidents/" + id).then().extract().jsonPath()
                        .getList("incident.slaBreaches").contains("resolve"));

        List<IncidentEvent> breaches = TestInfra.get().kafka().await(Topics.INCIDENTS_EVENTS, 2, Duration.ofSeconds(10),
                        r -> id.equals(r.key()) && "io.tandem.incident.slabreached.v1".equals(KafkaTestClient.header(r, "ce_type")))
                .stream().map(r -> Json.read(r.value(), IncidentEvent.class)).toList();
        assertThat(breaches).hasSize(2);
        assertThat(breaches.get(0).incident().slaBreaches()).containsExactly("acknowledge");
        assertThat(breaches.get(1).incident().slaBreaches()).containsExactly("acknowledge", "resolve");
        assertThat(breaches.get(0).occurredAt()).isAfterOrEqualTo(breaches.get(0).incident().acknowledgeBy());
        Awaitility.await("no repeat").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                Fixtures.timeline(id).getList("items.action").stream().filter("sla-breached"::equals).count() == 2);
    }
}
