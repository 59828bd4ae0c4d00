package io.tandem.incident.action;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.incident.Fixtures;
import io.tandem.model.Priority;
import io.tandem.model.Topics;
import io.tandem.model.action.ActionRequest;
import io.tandem.model.json.Json;
import io.tandem.model.signal.SignalKind;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tandem.incident.Fixtures.as;
import static io.tandem.incident.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class ActionTest {

    private static ActionRequest published(String incidentId, String type) {
        return TestInfra.get().kafka().await(Topics.ACTIONS_REQUESTS, 1, Duration.ofSeconds(30), r -> {
            ActionRequest a = Json.read(r.value(), ActionRequest.class);
            return a.incidentId().toString().equals(incidentId) && a.type().equals(type);
        }).stream().map(r -> Json.read(r.value(), ActionRequest.class)).findFirst().orElseThrow();
    }

    @Test
    void shouldPublishRouteActionsHoldingTheOnesThatNeedApprovalAndRecordResults() {
        String team = unique("actions");
        Fixtures.send(Fixtures.routed(UUID.randomUUID(), team, SignalKind.SECURITY, Priority.P2, null,
                List.of("open-ticket", "isolate-host")));
        String id = Fixtures.incidentIdOf(team);

        ActionRequest ticket = published(id, "open-ticket");
        assertThat(ticket.target()).isEqualTo("web-01");
        assertThat(ticket.requestedBy()).isEqualTo("route");
        JsonPath actions = as("viewer").get("/api/v1/incidents/" + id + "/actions").then().statusCode(200)
                .extract().jsonPath();
        assertThat(actions.getString("find { it.type == 'open-ticket' }.status")).isEqualTo("requested");
        assertThat(actions.getString("find { it.type == 'isolate-host' }.status")).isEqualTo("pending-approval");
        assertThat(actions.getList("$")).hasSize(2);
        String isolate = actions.getString("find { it.type == 'isolate-host' }.id");

        as("responder").body(Map.of("status", "succeeded")).post("/api/v1/incidents/" + id + "/actions/" + isolate + "/result")
                .then().statusCode(409).body("errors[0].message", equalTo("pending-approval"));
        as("viewer").post("/api/v1/incidents/" + id + "/actions/" + isolate + "/approve").then().statusCode(403);
        as("responder", "lee").post("/api/v1/incidents/" + id + "/actions/" + isolate + "/approve").then().statusCode(200)
                .body("status", equalTo("requested")).body("approvedBy", equalTo("lee"));

        ActionRequest approved = published(id, "isolate-host");
        assertThat(approved.approvedBy()).isEqualTo("lee");
        assertThat(approved.actionId().toString()).isEqualTo(isolate);
        ConsumerRecordKey.assertKeyedByTarget(approved);

        as("responder", "edr-bot").body(Map.of("status", "succeeded", "detail", "host isolated"))
                .post("/api/v1/incidents/" + id + "/actions/" + isolate + "/result").then().statusCode(200)
                .body("status", equalTo("succeeded"));
        as("responder").body(Map.of("status", "failed")).post("/api/v1/incidents/" + id + "/actions/" + isolate + "/result")
                .then().statusCode(409).body("errors[0].message", equalTo("succeeded"));
        as("responder").body(Map.of("status", "maybe")).post("/api/v1/incidents/" + id + "/actions/" + isolate + "/result")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));

        JsonPath timeline = Fixtures.timeline(id);
        assertThat(timeline.getString("items.find { it.action == 'action-completed' }.actor")).isEqualTo("edr-bot");
        assertThat(timeline.getString("items.find { it.action == 'action-completed' }.detail"))
                .contains("isolate-host").contains("succeeded").contains("host isolated");
    }

    @Test
    void shouldLetAResponderRequestAnAction() {
        String team = unique("manual-action");
        Fixtures.send(Fixtures.routed(UUID.randomUUID(), team, SignalKind.SECURITY, Priority.P2));
        String id = Fixtures.incidentIdOf(team);

        as("viewer").body(Map.of("type", "run-playbook", "target", "web-01")).post("/api/v1/incidents/" + id + "/actions")
                .then().statusCode(403);
        as("responder", "max").body(Map.of("type", "run-playbook", "target", "web-01", "parameters", Map.of("playbook", "p1")))
                .post("/api/v1/incidents/" + id + "/actions").then().statusCode(201).body("status", equalTo("requested"));

        ActionRequest request = published(id, "run-playbook");
        assertThat(request.requestedBy()).isEqualTo("max");
        assertThat(request.parameters()).containsEntry("playbook", "p1");
    }

    /** actions.requests is keyed by target, so one executor sees a host's actions in order. */
    static final class ConsumerRecordKey {
        static void assertKeyedByTarget(ActionRequest request) {
            assertThat(TestInfra.get().kafka().await(Topics.ACTIONS_REQUESTS, 1, Duration.ofSeconds(10),
                    r -> KafkaTestClient.header(r, "ce_id").equals(request.actionId().toString())).get(0).key())
                    .isEqualTo(request.target());
        }
    }
}
