package io.tandem.incident.incident;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tandem.incident.Fixtures;
import io.tandem.model.Priority;
import io.tandem.model.Topics;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.model.json.Json;
import io.tandem.model.signal.SignalKind;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.tandem.incident.Fixtures.as;
import static io.tandem.incident.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class LifecycleTest {

    private static final String RESPONDER = "responder";

    /** A new incident of its own team, opened the real way: a routed decision on triage.decisions. */
    static String openIncident(String team, SignalKind kind) {
        Fixtures.send(Fixtures.routed(UUID.randomUUID(), team, kind, Priority.P3));
        return Fixtures.incidentIdOf(team);
    }

    private static JsonPath act(String id, String action, String subject, Map<String, ?> body) {
        return as(RESPONDER, subject).body(body).post("/api/v1/incidents/" + id + "/" + action)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldWalkTheWholeLifecycleRecordingEveryActorInTheTimelineAndOnTheTopic() {
        String id = openIncident(unique("life"), SignalKind.AVAILABILITY);

        assertThat(act(id, "acknowledge", "alice", Map.of("note", "looking")).getString("status")).isEqualTo("acknowledged");
        JsonPath mitigated = act(id, "mitigate", "bob", Map.of());
        assertThat(mitigated.getString("status")).isEqualTo("mitigated");
        assertThat(mitigated.getString("mitigatedAt")).isNotNull();
        assertThat(act(id, "resolve", "alice", Map.of()).getString("resolvedAt")).isNotNull();
        assertThat(act(id, "close", "carol", Map.of()).getString("status")).isEqualTo("closed");
        JsonPath reopened = act(id, "reopen", "dave", Map.of("note", "it is back"));
        assertThat(reopened.getString("status")).isEqualTo("triggered");
        assertThat(reopened.getString("resolvedAt")).isNull();

        JsonPath timeline = Fixtures.timeline(id);
        assertThat(timeline.getList("items.action")).containsExactly("opened", "signal-attached", "acknowledged",
                "mitigated", "resolved", "closed", "reopened");
        assertThat(timeline.getList("items.actor")).containsExactly("tandem", "tandem", "alice", "bob", "alice", "carol",
                "dave");
        assertThat(timeline.getString("items[2].detail")).isEqualTo("looking");
        assertThat(timeline.getList("items.at")).doesNotContainNull();

        List<IncidentEvent> events = TestInfra.get().kafka().await(Topics.INCIDENTS_EVENTS, 7, Duration.ofSeconds(30),
                r -> id.equals(r.key())).stream().map(r -> Json.read(r.value(), IncidentEvent.class)).toList();
        assertThat(events).extracting(e -> e.action().wire()).containsExactly("opened", "signal-attached",
                "acknowledged", "mitigated", "resolved", "closed", "reopened");
        assertThat(events.get(4).incident().status().wire()).isEqualTo("resolved");
        assertThat(events.get(4).actor()).isEqualTo("alice");
    }

    @Test
    void shouldRefuseEveryForbiddenTransitionWith409NamingTheCurrentState() {
        String id = openIncident(unique("forbidden"), SignalKind.AVAILABILITY);
        // triggered: close and reopen are not allowed
        for (String action : List.of("close", "reopen")) {
            conflict(id, action, "triggered");
        }
        act(id, "acknowledge", "alice", Map.of());
        for (String action : List.of("acknowledge", "close", "reopen")) {
            conflict(id, action, "acknowledged");
        }
        act(id, "mitigate", "alice", Map.of());
        for (String action : List.of("acknowledge", "mitigate", "close", "reopen")) {
            conflict(id, action, "mitigated");
        }
        act(id, "resolve", "alice", Map.of());
        for (String action : List.of("acknowledge", "mitigate", "resolve")) {
            conflict(id, action, "resolved");
        }
        act(id, "close", "alice", Map.of());
        for (String action : List.of("acknowledge", "mitigate", "resolve", "close")) {
            conflict(id, action, "closed");
        }
        as(RESPONDER).body(Map.of("assignee", "x")).post("/api/v1/incidents/" + id + "/assign")
                .then().statusCode(409).body("errors[0].field", equalTo("state")).body("errors[0].message", equalTo("closed"));
    }

    private static void conflict(String id, String action, String state) {
        as(RESPONDER).body(Map.of()).post("/api/v1/incidents/" + id + "/" + action).then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("current state: " + state))
                .body("errors[0].field", equalTo("state"))
                .body("errors[0].message", equalTo(state));
    }

    @Test
    void shouldLetAViewerReadButNotActAndAResponderAct() {
        String id = openIncident(unique("roles"), SignalKind.SECURITY);

        given().post("/api/v1/incidents/" + id + "/acknowledge").then().statusCode(401);
        as("viewer").body(Map.of()).post("/api/v1/incidents/" + id + "/acknowledge").then().statusCode(403);
        as("viewer").body(Map.of("text", "x")).post("/api/v1/incidents/" + id + "/notes").then().statusCode(403);
        as("change-manager").body(Map.of()).post("/api/v1/incidents/" + id + "/acknowledge").then().statusCode(403);
        as("viewer").get("/api/v1/incidents/" + id).then().statusCode(200)
                .body("incident.status", equalTo("triggered"));

        as(RESPONDER, "erin").post("/api/v1/incidents/" + id + "/acknowledge").then().statusCode(200)
                .body("status", equalTo("acknowledged"));
        assertThat(Fixtures.timeline(id).getString("items.find { it.action == 'acknowledged' }.actor")).isEqualTo("erin");
    }

    @Test
    void shouldAssignAndKeepNotesOnTheTimeline() {
        String id = openIncident(unique("assign"), SignalKind.OPERATIONAL);

        act(id, "assign", "lead", Map.of("assignee", "frank", "commander", "grace"));
        as(RESPONDER, "frank").body(Map.of("text", "rolled back the deploy")).post("/api/v1/incidents/" + id + "/notes")
                .then().statusCode(200);

        JsonPath incident = as("viewer").get("/api/v1/incidents/" + id).then().extract().jsonPath();
        assertThat(incident.getString("incident.assignee")).isEqualTo("frank");
        assertThat(incident.getString("incident.commander")).isEqualTo("grace");
        JsonPath timeline = Fixtures.timeline(id);
        assertThat(timeline.getString("items.find { it.action == 'note-added' }.detail")).isEqualTo("rolled back the deploy");
        assertThat(timeline.getString("items.find { it.action == 'note-added' }.actor")).isEqualTo("frank");
        assertThat(timeline.getString("items.find { it.action == 'assigned' }.actor")).isEqualTo("lead");
    }

    @Test
    void shouldNameTheFieldOfABadRequest() {
        String id = openIncident(unique("badreq"), SignalKind.OPERATIONAL);

        as(RESPONDER).body(Map.of()).post("/api/v1/incidents/" + id + "/notes").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("text"));
        as(RESPONDER).body(Map.of("into", "nope")).post("/api/v1/incidents/" + id + "/merge").then().statusCode(400)
                .body("errors[0].field", equalTo("into"));
        as(RESPONDER).body(Map.of()).post("/api/v1/incidents/" + id + "/assign").then().statusCode(400)
                .body("errors[0].field", equalTo("assignee"));
        as("viewer").queryParam("status", "sleeping").get("/api/v1/incidents").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        as("viewer").queryParam("limit", 5000).get("/api/v1/incidents").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        as(RESPONDER).body(Map.of()).post("/api/v1/incidents/" + UUID.randomUUID() + "/acknowledge").then().statusCode(404);
    }

    @Test
    void shouldMergeAlertsGroupsAndAssetsIntoTheSurvivingIncident() {
        String team = unique("merge");
        UUID groupA = UUID.randomUUID();
        UUID groupB = UUID.randomUUID();
        Fixtures.send(Fixtures.routed(groupA, team, SignalKind.AVAILABILITY, Priority.P3));
        String a = Fixtures.incidentIdOf(team);
        String teamB = unique("merge-b");
        Fixtures.send(Fixtures.routed(groupB, teamB, SignalKind.SECURITY, Priority.P2));
        String b = Fixtures.incidentIdOf(teamB);

        JsonPath merged = act(b, "merge", "henry", Map.of("into", a));
        assertThat(merged.getString("status")).isEqualTo("merged");
        assertThat(merged.getString("mergedInto")).isEqualTo(a);

        JsonPath survivor = as("viewer").get("/api/v1/incidents/" + a).then().extract().jsonPath();
        assertThat(survivor.getList("incident.alertGroupIds")).containsExactly(groupA.toString(), groupB.toString());
        assertThat(survivor.getString("incident.kind")).isEqualTo("both");
        assertThat(survivor.getString("incident.priority")).isEqualTo("P2");
        assertThat(survivor.getInt("alertCount")).isEqualTo(2);
        assertThat(as("viewer").get("/api/v1/incidents/" + a + "/alerts").then().extract().jsonPath()
                .getList("items")).hasSize(2);
        assertThat(Fixtures.timeline(a).getString("items.find { it.action == 'merged' }.actor")).isEqualTo("henry");

        // A new signal of the merged incident's group now lands on the survivor.
        Fixtures.send(Fixtures.routed(groupB, teamB, SignalKind.SECURITY, Priority.P2));
        org.awaitility.Awaitility.await("signal on survivor").atMost(Duration.ofSeconds(30)).until(() ->
                as("viewer").get("/api/v1/incidents/" + a).then().extract().jsonPath().getInt("alertCount") == 3);

        // merging again, or into a merged incident, is a conflict naming the state
        as(RESPONDER).body(Map.of("into", a)).post("/api/v1/incidents/" + b + "/merge").then().statusCode(409)
                .body("errors[0].message", equalTo("merged"));
        as(RESPONDER).body(Map.of("into", b)).post("/api/v1/incidents/" + a + "/merge").then().statusCode(409)
                .body("errors[0].field", equalTo("into.state")).body("errors[0].message", equalTo("merged"));
        as(RESPONDER).body(Map.of("into", a)).post("/api/v1/incidents/" + a + "/merge").then().statusCode(400);
    }

    @Test
    void shouldFilterAndPageTheListWithACursor() {
        String team = unique("paging");
        for (int i = 0; i < 5; i++) {
            Fixtures.send(Fixtures.routed(UUID.randomUUID(), team, SignalKind.AVAILABILITY, Priority.P4));
        }
        org.awaitility.Awaitility.await("five incidents").atMost(Duration.ofSeconds(30)).until(() ->
                as("viewer").queryParam("team", team).queryParam("limit", 10).get("/api/v1/incidents").then()
                        .extract().jsonPath().getList("items").size() == 5);
        String acked = as("viewer").queryParam("team", team).get("/api/v1/incidents").then().extract().jsonPath()
                .getString("items[0].id");
        act(acked, "acknowledge", "ivy", Map.of());

        JsonPath first = as("viewer").queryParam("team", team).queryParam("limit", 2).get("/api/v1/incidents")
                .then().statusCode(200).extract().jsonPath();
        JsonPath second = as("viewer").queryParam("team", team).queryParam("limit", 2)
                .queryParam("cursor", first.getString("nextCursor")).get("/api/v1/incidents").then().extract().jsonPath();
        JsonPath third = as("viewer").queryParam("team", team).queryParam("limit", 2)
                .queryParam("cursor", second.getString("nextCursor")).get("/api/v1/incidents").then().extract().jsonPath();
        List<String> paged = new java.util.ArrayList<>(first.getList("items.id", String.class));
        paged.addAll(second.getList("items.id", String.class));
        paged.addAll(third.getList("items.id", String.class));
        assertThat(paged).hasSize(5).doesNotHaveDuplicates();
        assertThat(third.getString("nextCursor")).isNull();
        assertThat(first.getList("items.openedAt", String.class).get(0))
                .isGreaterThanOrEqualTo(first.getList("items.openedAt", String.class).get(1));

        assertThat(as("viewer").queryParam("team", team).queryParam("status", "acknowledged").get("/api/v1/incidents")
                .then().extract().jsonPath().getList("items.id")).containsExactly(acked);
        assertThat(as("viewer").queryParam("team", team).queryParam("status", "triggered").queryParam("priority", "P4")
                .queryParam("kind", "operational").get("/api/v1/incidents").then().extract().jsonPath()
                .getList("items")).hasSize(4);
        assertThat(as("viewer").queryParam("team", team).queryParam("priority", "P1").get("/api/v1/incidents")
                .then().extract().jsonPath().getList("items")).isEmpty();
    }

}
