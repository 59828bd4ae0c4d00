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
import io.quarkus.scheduler.Scheduler;
import io.tandem.model.incident.IncidentStatus;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.tandem.incident.Fixtures.as;
import static io.tandem.incident.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** The test profile gives P5 an acknowledge SLA of 2 s and a resolve SLA of 4 s. */
@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class SlaTest {

    @Inject
    Scheduler scheduler;

    @Inject
    Pool pool;

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

    @Test
    void shouldRecordABreachThatNoPollSawWhenTheIncidentIsAcknowledgedAfterItsDeadline() {
        String team = unique("sla-missed");
        Fixtures.send(Fixtures.routed(UUID.randomUUID(), team, SignalKind.AVAILABILITY, Priority.P4));
        String id = Fixtures.incidentIdOf(team);
        String onTime = unique("sla-on-time");
        Fixtures.send(Fixtures.routed(UUID.randomUUID(), onTime, SignalKind.AVAILABILITY, Priority.P4));
        String onTimeId = Fixtures.incidentIdOf(onTime);

        scheduler.pause(SlaCheck.IDENTITY);
        try {
            // The acknowledge-by passed a second ago and no poll runs: only the acknowledgement can see the breach.
            Instant deadline = moveDeadline(id, "acknowledge_by");
            as("responder").post("/api/v1/incidents/" + id + "/acknowledge").then().statusCode(200)
                    .body("slaBreaches", org.hamcrest.Matchers.contains("acknowledge"));
            as("responder").post("/api/v1/incidents/" + onTimeId + "/acknowledge").then().statusCode(200)
                    .body("slaBreaches", org.hamcrest.Matchers.empty());

            List<String> actions = Fixtures.timeline(id).getList("items.action");
            assertThat(actions.subList(actions.size() - 2, actions.size())).containsExactly("sla-breached", "acknowledged");
            assertThat(Instant.parse(Fixtures.timeline(id).getString("items.find { it.action == 'sla-breached' }.at")))
                    .isEqualTo(deadline);
            IncidentEvent breach = Json.read(TestInfra.get().kafka().await(Topics.INCIDENTS_EVENTS, 1, Duration.ofSeconds(10),
                    r -> id.equals(r.key()) && "io.tandem.incident.slabreached.v1".equals(KafkaTestClient.header(r, "ce_type")))
                    .get(0).value(), IncidentEvent.class);
            assertThat(breach.occurredAt()).isEqualTo(deadline);
            assertThat(breach.incident().slaBreaches()).containsExactly("acknowledge");
            assertThat(breach.incident().status()).isEqualTo(IncidentStatus.TRIGGERED);
        } finally {
            scheduler.resume(SlaCheck.IDENTITY);
        }
        Awaitility.await("the poll adds nothing").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                TestInfra.get().kafka().all(Topics.INCIDENTS_EVENTS, r -> id.equals(r.key())
                        && "io.tandem.incident.slabreached.v1".equals(KafkaTestClient.header(r, "ce_type"))).size() == 1);
        assertThat(Fixtures.timeline(onTimeId).getList("items.action")).doesNotContain("sla-breached");
    }

    @Test
    void shouldRecordBothMissedBreachesWhenATriggeredIncidentIsResolvedPastBothDeadlines() {
        String team = unique("sla-resolved");
        Fixtures.send(Fixtures.routed(UUID.randomUUID(), team, SignalKind.AVAILABILITY, Priority.P4));
        String id = Fixtures.incidentIdOf(team);

        scheduler.pause(SlaCheck.IDENTITY);
        try {
            moveDeadline(id, "acknowledge_by");
            moveDeadline(id, "resolve_by");
            as("responder").post("/api/v1/incidents/" + id + "/resolve").then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("resolved"))
                    .body("slaBreaches", org.hamcrest.Matchers.contains("acknowledge", "resolve"));
        } finally {
            scheduler.resume(SlaCheck.IDENTITY);
        }
        assertThat(Fixtures.timeline(id).getList("items.action").stream().filter("sla-breached"::equals).count())
                .isEqualTo(2);
    }

    /** Sets the incident's {@code column} deadline to a second ago; returns it. */
    private Instant moveDeadline(String id, String column) {
        Instant deadline = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MICROS);
        pool.preparedQuery("UPDATE incident SET " + column + " = $2 WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id), deadline.atOffset(ZoneOffset.UTC))).await().atMost(Duration.ofSeconds(10));
        return deadline;
    }
}
