package io.tandem.incident.webhook;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tandem.incident.Fixtures;
import io.tandem.model.Priority;
import io.tandem.model.signal.SignalKind;
import io.tandem.testkit.TandemTestResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.tandem.incident.Fixtures.as;
import static io.tandem.incident.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class WebhookTest {

    private static String subscribe(String url, String format, String team, String secret) {
        return as("admin").body(Map.of("name", "test", "url", url, "format", format, "teams", List.of(team),
                        "secret", secret)).post("/api/v1/webhooks").then().statusCode(201)
                .extract().jsonPath().getString("id");
    }

    @Test
    void shouldRetryWithBackoffUntilTheReceiverAcceptsKeepingTheIdempotencyKeyAndSignature() {
        String team = unique("hooked");
        try (Receiver receiver = new Receiver(3)) {
            String webhook = subscribe(receiver.url(), "generic", team, "s3cret");
            Fixtures.send(Fixtures.routed(UUID.randomUUID(), team, SignalKind.AVAILABILITY, Priority.P3));
            String incident = Fixtures.incidentIdOf(team);

            // opened + signal-attached: two events, the first three calls fail.
            Awaitility.await("both delivered").atMost(Duration.ofSeconds(30)).until(() ->
                    receiver.calls().stream().filter(c -> c.status() == 200).count() == 2);

            List<Receiver.Call> calls = receiver.calls();
            assertThat(calls).hasSize(5);
            Map<String, List<Receiver.Call>> byKey = calls.stream()
                    .collect(Collectors.groupingBy(c -> c.header("Idempotency-Key")));
            assertThat(byKey).hasSize(2);
            for (List<Receiver.Call> attempts : byKey.values()) {
                assertThat(attempts.stream().map(Receiver.Call::body).distinct()).hasSize(1);
                assertThat(attempts.get(attempts.size() - 1).status()).isEqualTo(200);
            }
            for (Receiver.Call call : calls) {
                assertThat(call.header("X-Tandem-Signature"))
                        .isEqualTo("sha256=" + WebhookSender.sign("s3cret", call.body().getBytes(StandardCharsets.UTF_8)));
                JsonPath body = new JsonPath(call.body());
                assertThat(body.getString("data.incident.id")).isEqualTo(incident);
                assertThat(body.getString("id")).startsWith(incident + ":");
            }
            Set<String> types = calls.stream().map(c -> c.header("X-Tandem-Event")).collect(Collectors.toSet());
            assertThat(types).containsExactlyInAnyOrder("io.tandem.incident.opened.v1",
                    "io.tandem.incident.signalattached.v1");

            JsonPath deliveries = as("admin").get("/api/v1/webhooks/" + webhook + "/deliveries").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(deliveries.getList("deliveredAt")).doesNotContainNull().hasSize(2);
            assertThat(deliveries.getList("attempts", Integer.class).stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
        }
    }

    @Test
    void shouldSendSlackMessagesOnlyForMatchingTeams() {
        String team = unique("slack");
        try (Receiver slack = new Receiver(0); Receiver other = new Receiver(0)) {
            subscribe(slack.url(), "slack", team, "k");
            String otherHook = subscribe(other.url(), "generic", unique("elsewhere"), "k");
            Fixtures.send(Fixtures.routed(UUID.randomUUID(), team, SignalKind.SECURITY, Priority.P1));
            String incident = Fixtures.incidentIdOf(team);
            as("responder", "nina").post("/api/v1/incidents/" + incident + "/acknowledge").then().statusCode(200);

            Awaitility.await("slack messages").atMost(Duration.ofSeconds(30)).until(() -> slack.calls().size() == 3);
            List<String> texts = slack.calls().stream().map(c -> new JsonPath(c.body()).getString("text")).toList();
            assertThat(texts).anyMatch(t -> t.startsWith("[P1] HostDown on web-01") && t.contains("acknowledged by nina"));
            assertThat(other.calls()).isEmpty();
            assertThat(as("admin").get("/api/v1/webhooks/" + otherHook + "/deliveries").then().extract().jsonPath()
                    .getList("$")).isEmpty();
        }
    }

    @Test
    void shouldKeepWebhooksToAdminsAndValidateThem() {
        as("responder").get("/api/v1/webhooks").then().statusCode(403);
        as("admin").body(Map.of("name", "x", "url", "ftp://nope", "format", "teams", "priorities", List.of("P9")))
                .post("/api/v1/webhooks").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("url", "format", "priorities[0]"));
        String id = subscribe("http://127.0.0.1:9/hook", "generic", unique("t"), "k");
        as("admin").get("/api/v1/webhooks/" + id).then().statusCode(200)
                .body("secret", org.hamcrest.Matchers.nullValue());
        as("admin").delete("/api/v1/webhooks/" + id).then().statusCode(204);
        as("admin").get("/api/v1/webhooks/" + id).then().statusCode(404);
    }

    @Test
    void shouldReplaceAWebhookKeepingItsSecretUnlessANewOneIsGiven() {
        String team = unique("moved");
        try (Receiver old = new Receiver(0); Receiver moved = new Receiver(0)) {
            String id = subscribe(old.url(), "generic", team, "first-secret");
            Map<String, Object> replacement = Map.of("name", "moved", "url", moved.url(), "format", "generic",
                    "teams", List.of(team), "kinds", List.of("operational"));
            as("admin").body(replacement).put("/api/v1/webhooks/" + id).then().statusCode(200)
                    .body("id", org.hamcrest.Matchers.equalTo(id))
                    .body("name", org.hamcrest.Matchers.equalTo("moved"))
                    .body("url", org.hamcrest.Matchers.equalTo(moved.url()))
                    .body("kinds", org.hamcrest.Matchers.contains("operational"))
                    .body("secret", org.hamcrest.Matchers.nullValue());
            as("admin").get("/api/v1/webhooks/" + id).then().statusCode(200)
                    .body("url", org.hamcrest.Matchers.equalTo(moved.url()));

            Fixtures.send(Fixtures.routed(UUID.randomUUID(), team, SignalKind.AVAILABILITY, Priority.P3));
            String incident = Fixtures.incidentIdOf(team);
            Awaitility.await("opened and signal-attached at the new url").atMost(Duration.ofSeconds(30))
                    .until(() -> moved.calls().size() == 2);
            assertThat(moved.calls()).allSatisfy(call -> assertThat(call.header("X-Tandem-Signature"))
                    .isEqualTo("sha256=" + WebhookSender.sign("first-secret", call.body().getBytes(StandardCharsets.UTF_8))));

            Map<String, Object> rotated = new java.util.HashMap<>(replacement);
            rotated.put("secret", "second-secret");
            as("admin").body(rotated).put("/api/v1/webhooks/" + id).then().statusCode(200)
                    .body("secret", org.hamcrest.Matchers.nullValue());
            as("responder").post("/api/v1/incidents/" + incident + "/acknowledge").then().statusCode(200);
            Awaitility.await("acknowledged, signed with the new secret").atMost(Duration.ofSeconds(30))
                    .until(() -> moved.calls().size() == 3);
            Receiver.Call last = moved.calls().get(2);
            assertThat(last.header("X-Tandem-Event")).isEqualTo("io.tandem.incident.acknowledged.v1");
            assertThat(last.header("X-Tandem-Signature"))
                    .isEqualTo("sha256=" + WebhookSender.sign("second-secret", last.body().getBytes(StandardCharsets.UTF_8)));
            assertThat(old.calls()).isEmpty();
        }
    }

    @Test
    void shouldValidateAReplacementAndKeepItToAdmins() {
        String id = subscribe("http://127.0.0.1:9/hook", "generic", unique("t"), "k");
        Map<String, Object> valid = Map.of("name", "valid", "url", "http://127.0.0.1:9/other");

        as("admin").body(Map.of("url", "not a url", "format", "email", "kinds", List.of("cosmic")))
                .put("/api/v1/webhooks/" + id).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("name", "url", "format", "kinds[0]"));
        as("responder").body(valid).put("/api/v1/webhooks/" + id).then().statusCode(403);
        as("viewer").body(valid).put("/api/v1/webhooks/" + id).then().statusCode(403);
        io.restassured.RestAssured.given().contentType("application/json").body(valid)
                .put("/api/v1/webhooks/" + id).then().statusCode(401);
        as("admin").get("/api/v1/webhooks/" + id).then().statusCode(200)
                .body("url", org.hamcrest.Matchers.equalTo("http://127.0.0.1:9/hook"));
        as("admin").body(valid).put("/api/v1/webhooks/" + UUID.randomUUID()).then().statusCode(404);
    }
}
