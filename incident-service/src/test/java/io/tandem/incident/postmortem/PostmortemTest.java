package io.tandem.incident.postmortem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tandem.incident.Fixtures;
import io.tandem.model.Priority;
import io.tandem.model.Topics;
import io.tandem.model.incident.IncidentAction;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.model.json.Json;
import io.tandem.model.signal.SignalKind;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tandem.incident.Fixtures.as;
import static io.tandem.incident.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class PostmortemTest {

    private static Map<String, Object> postmortem(long entry) {
        return Map.of("summary", "SSH brute force took web-01 down", "impact", "checkout unavailable for 40 minutes",
                "contributingFactors", Map.of("operational", List.of("no rate limit on the bastion"),
                        "security", List.of("OpenSSH unpatched")),
                "timelineExcerpt", List.of(entry),
                "actionItems", List.of(
                        Map.of("title", "Patch OpenSSH on the web tier", "owner", "carol", "dueDate", "2026-12-01",
                                "requestChange", Map.of("title", "Patch OpenSSH", "description", "CVE-2024-6387",
                                        "assetKeys", List.of("web-01", "web-02"))),
                        Map.of("title", "Alert on bastion login bursts", "owner", "dan", "dueDate", "2026-12-15")));
    }

    @Test
    void shouldWriteAPostmortemForAResolvedIncidentAndRequestTheChangeOnce() {
        String team = unique("pm");
        Fixtures.send(Fixtures.routed(UUID.randomUUID(), team, SignalKind.SECURITY, Priority.P2));
        String id = Fixtures.incidentIdOf(team);
        long opened = Fixtures.timeline(id).getLong("items[0].id");

        as("responder").body(postmortem(opened)).post("/api/v1/incidents/" + id + "/postmortem").then().statusCode(409)
                .body("errors[0].message", equalTo("triggered"));
        as("responder").post("/api/v1/incidents/" + id + "/resolve").then().statusCode(200);
        as("viewer").body(postmortem(opened)).post("/api/v1/incidents/" + id + "/postmortem").then().statusCode(403);

        JsonPath written = as("responder", "bob").body(postmortem(opened)).post("/api/v1/incidents/" + id + "/postmortem")
                .then().statusCode(200).extract().jsonPath();
        assertThat(written.getString("author")).isEqualTo("bob");
        assertThat(written.getList("timelineExcerpt.action")).containsExactly("opened");
        assertThat(written.getList("contributingFactors.security")).containsExactly("OpenSSH unpatched");
        String changeRequestId = written.getString("actionItems[0].changeRequestId");
        assertThat(changeRequestId).isNotNull();
        assertThat(written.getString("actionItems[1].changeRequestId")).isNull();

        // A revision keeps the item, so the change is not requested again.
        as("responder", "bob").body(postmortem(opened)).post("/api/v1/incidents/" + id + "/postmortem").then().statusCode(200);
        assertThat(as("viewer").get("/api/v1/incidents/" + id + "/postmortem").then().statusCode(200).extract()
                .jsonPath().getString("actionItems[0].dueDate")).isEqualTo("2026-12-01");

        List<IncidentEvent> requested = TestInfra.get().kafka().await(Topics.INCIDENTS_EVENTS, 1, Duration.ofSeconds(30),
                        r -> id.equals(r.key()) && "io.tandem.incident.changerequested.v1".equals(KafkaTestClient.header(r, "ce_type")))
                .stream().map(r -> Json.read(r.value(), IncidentEvent.class)).toList();
        IncidentEvent event = requested.get(0);
        assertThat(event.action()).isEqualTo(IncidentAction.CHANGE_REQUESTED);
        assertThat(event.changeRequest().id().toString()).isEqualTo(changeRequestId);
        assertThat(event.changeRequest().assetKeys()).containsExactly("web-01", "web-02");
        assertThat(event.changeRequest().owner()).isEqualTo("carol");
        assertThat(event.changeRequest().dueDate()).isEqualTo(LocalDate.parse("2026-12-01"));
        assertThat(event.changeRequest().requestedBy()).isEqualTo("bob");
        Awaitility.await("one change request, two postmortem versions").atMost(Duration.ofSeconds(10)).until(() -> {
            List<Object> actions = Fixtures.timeline(id).getList("items.action");
            return actions.stream().filter("change-requested"::equals).count() == 1
                    && actions.stream().filter("postmortem-published"::equals).count() == 2;
        });
    }

    @Test
    void shouldNameTheFieldsOfABadPostmortem() {
        String team = unique("pm-bad");
        Fixtures.send(Fixtures.routed(UUID.randomUUID(), team, SignalKind.OPERATIONAL, Priority.P3));
        String id = Fixtures.incidentIdOf(team);
        as("responder").body(Map.of("actionItems", List.of(Map.of("title", "x", "dueDate", "soon"))))
                .post("/api/v1/incidents/" + id + "/postmortem").then().statusCode(400)
                .body("errors.field", hasItems("summary", "impact", "actionItems[0].owner", "actionItems[0].dueDate"));
    }
}
