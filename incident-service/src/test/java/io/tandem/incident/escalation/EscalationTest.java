package io.tandem.incident.escalation;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tandem.incident.Fixtures;
import io.tandem.model.Priority;
import io.tandem.model.Topics;
import io.tandem.model.incident.IncidentAction;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.model.json.Json;
import io.tandem.model.signal.SignalKind;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tandem.incident.Fixtures.as;
import static io.tandem.incident.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class EscalationTest {

    @Inject
    Escalations escalations;

    @Inject
    Pool pool;

    private static String schedule(String team, String user) {
        return as("admin").body(Map.of("name", "always", "team", team, "timeZone", "UTC", "layers", List.of(Map.of(
                        "rotation", "custom", "lengthHours", 100000, "start", "2020-01-01T00:00", "users", List.of(user)))))
                .post("/api/v1/schedules").then().statusCode(201).extract().jsonPath().getString("id");
    }

    private static String policy(String firstUser, String secondTimeout, String scheduleId, String timeout) {
        return as("admin").body(Map.of("name", "test policy", "repeatCount", 0, "levels", List.of(
                        Map.of("timeout", timeout, "targets", List.of(Map.of("type", "user", "id", firstUser))),
                        Map.of("timeout", secondTimeout, "targets", List.of(Map.of("type", "schedule", "id", scheduleId))))))
                .post("/api/v1/escalation-policies").then().statusCode(201).extract().jsonPath().getString("id");
    }

    private static String open(String team, String policyId) {
        Fixtures.send(Fixtures.routed(UUID.randomUUID(), team, SignalKind.AVAILABILITY, Priority.P3,
                UUID.fromString(policyId), List.of()));
        return Fixtures.incidentIdOf(team);
    }

    private static long escalations(String incidentId) {
        return Fixtures.timeline(incidentId).getList("items.action").stream().filter("escalated"::equals).count();
    }

    @Test
    void shouldEscalateAnUnacknowledgedIncidentOnTimeToThePersonOnCall() {
        String team = unique("esc");
        String policyId = policy("first-" + team, "PT1H", schedule(team + "-rota", "oncall-" + team), "PT2S");
        Instant before = Instant.now();
        String id = open(team, policyId);
        assertThat(Fixtures.incidentOf(team).getString("assignee")).isEqualTo("first-" + team);

        Awaitility.await("escalated to level 2").atMost(Duration.ofSeconds(15)).until(() ->
                "oncall-" + team != null && ("oncall-" + team).equals(as("viewer").get("/api/v1/incidents/" + id)
                        .then().extract().jsonPath().getString("incident.assignee")));

        var timeline = Fixtures.timeline(id);
        String escalatedAt = timeline.getString("items.find { it.action == 'escalated' }.at");
        assertThat(Instant.parse(escalatedAt)).isAfterOrEqualTo(before.plusSeconds(2));
        assertThat(timeline.getString("items.find { it.action == 'escalated' }.detail"))
                .contains("level 2").contains("oncall-" + team);
        IncidentEvent event = Json.read(TestInfra.get().kafka().await(Topics.INCIDENTS_EVENTS, 1, Duration.ofSeconds(10),
                r -> id.equals(r.key()) && "io.tandem.incident.escalated.v1".equals(
                        io.tandem.testkit.KafkaTestClient.header(r, "ce_type"))).get(0).value(), IncidentEvent.class);
        assertThat(event.action()).isEqualTo(IncidentAction.ESCALATED);
        assertThat(event.incident().assignee()).isEqualTo("oncall-" + team);
    }

    @Test
    void shouldNotEscalateOnceAcknowledged() {
        String team = unique("acked");
        String policyId = policy("first-" + team, "PT1S", schedule(team + "-rota", "oncall-" + team), "PT1S");
        String id = open(team, policyId);

        as("responder").post("/api/v1/incidents/" + id + "/acknowledge").then().statusCode(200);

        assertThat(timer(id)).isFalse();
        Awaitility.await("no escalation").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> escalations(id) == 0);
    }

    @Test
    void shouldFireADueTimerOnceWhenTwoInstancesPollAtTheSameTime() {
        String team = unique("twice");
        String policyId = policy("first-" + team, "PT1H", schedule(team + "-rota", "oncall-" + team), "PT1H");
        String id = open(team, policyId);
        makeDue(id);

        // Two pollers (as two instances would run) plus this instance's own scheduler race for the same row.
        Instant now = Instant.now();
        List<List<UUID>> fired = Uni.join().all(escalations.fireDue(now), escalations.fireDue(now)).andCollectFailures()
                .await().atMost(Duration.ofSeconds(30));

        long byTheTwo = fired.stream().filter(ids -> ids.contains(UUID.fromString(id))).count();
        assertThat(byTheTwo).isLessThanOrEqualTo(1);
        Awaitility.await("escalated once").atMost(Duration.ofSeconds(10)).until(() -> escalations(id) == 1);
        Awaitility.await("still once").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> escalations(id) == 1);
    }

    @Test
    void shouldFireATimerThatAnEarlierProcessLeftInTheDatabase() {
        String team = unique("restart");
        String policyId = policy("first-" + team, "PT1H", schedule(team + "-rota", "oncall-" + team), "PT1H");
        String id = open(team, policyId);
        // What a process that stopped before the due time leaves behind: only the row. No state of this instance
        // knows about it, so the next poll finding it is what survives a restart.
        pool.preparedQuery("DELETE FROM escalation_timer WHERE incident_id = $1").execute(Tuple.of(UUID.fromString(id)))
                .chain(() -> pool.preparedQuery("""
                        INSERT INTO escalation_timer (incident_id, policy_id, level, round, due_at) VALUES ($1, $2, 1, 0, $3)
                        """).execute(Tuple.of(UUID.fromString(id), UUID.fromString(policyId),
                        Instant.now().minusSeconds(60).atOffset(ZoneOffset.UTC))))
                .await().atMost(Duration.ofSeconds(10));

        Awaitility.await("fired after restart").atMost(Duration.ofSeconds(15)).until(() -> escalations(id) == 1);
        assertThat(Fixtures.incidentOf(team).getString("assignee")).isEqualTo("oncall-" + team);
    }

    @Test
    void shouldEscalateByHandAndRefuseWithoutAPolicy() {
        String team = unique("manual");
        String policyId = policy("first-" + team, "PT1H", schedule(team + "-rota", "oncall-" + team), "PT1H");
        String id = open(team, policyId);

        as("responder", "kim").post("/api/v1/incidents/" + id + "/escalate").then().statusCode(200)
                .body("assignee", org.hamcrest.Matchers.equalTo("oncall-" + team));
        assertThat(Fixtures.timeline(id).getString("items.find { it.action == 'escalated' }.actor")).isEqualTo("kim");

        String plain = unique("nopolicy");
        Fixtures.send(Fixtures.routed(UUID.randomUUID(), plain, SignalKind.AVAILABILITY, Priority.P3));
        as("responder").post("/api/v1/incidents/" + Fixtures.incidentIdOf(plain) + "/escalate").then().statusCode(409);
        as("viewer").post("/api/v1/incidents/" + id + "/escalate").then().statusCode(403);
    }

    @Test
    void shouldRepeatThePolicyRepeatCountTimesThenStop() {
        String team = unique("repeat");
        String policyId = as("admin").body(Map.of("name", "one level", "repeatCount", 1, "levels", List.of(
                        Map.of("timeout", "PT1S", "targets", List.of(Map.of("type", "user", "id", "solo-" + team))))))
                .post("/api/v1/escalation-policies").then().statusCode(201).extract().jsonPath().getString("id");
        String id = open(team, policyId);

        Awaitility.await("repeated once, then disarmed").atMost(Duration.ofSeconds(15))
                .until(() -> escalations(id) == 1 && !timer(id));
        assertThat(Fixtures.timeline(id).getString("items.find { it.action == 'escalated' }.detail"))
                .contains("level 1").contains("repeat 1").contains("solo-" + team);
        Awaitility.await("no more").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> escalations(id) == 1);
    }

    @Test
    void shouldValidatePolicies() {
        as("admin").body(Map.of("name", "bad", "levels", List.of(Map.of("timeout", "soon",
                        "targets", List.of(Map.of("type", "robot", "id", "x"))))))
                .post("/api/v1/escalation-policies").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("levels[0].timeout", "levels[0].targets[0].type"));
    }

    private void makeDue(String id) {
        pool.preparedQuery("UPDATE escalation_timer SET due_at = now() - interval '1 second' WHERE incident_id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10));
    }

    private boolean timer(String id) {
        return pool.preparedQuery("SELECT 1 FROM escalation_timer WHERE incident_id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10)).size() > 0;
    }
}
