package io.tandem.ingest.dropin;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.model.Topics;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalStatus;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Senders pointed at Tandem unchanged: Alertmanager API, PagerDuty Events v2 and Opsgenie, with integration keys. */
@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class DropInEndpointsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final TestInfra infra = TestInfra.get();

    @Test
    void shouldIssueListAndRevokeKeysWithoutEverShowingTheSecretAgain() {
        String source = "zabbix-" + UUID.randomUUID().toString().substring(0, 8);
        String id = given().auth().oauth2(admin()).contentType("application/json")
                .body("{\"source\":\"" + source + "\",\"description\":\"prod zabbix\"}")
                .when().post("/api/v1/integration-keys")
                .then().statusCode(201).header("Location", notNullValue())
                .body("key", startsWith("tdm_")).body("source", equalTo(source))
                .extract().path("id");

        given().auth().oauth2(admin()).when().get("/api/v1/integration-keys")
                .then().statusCode(200)
                .body("items.id", hasItem(id))
                .body("items.find { it.id == '" + id + "' }.revokedAt", nullValue())
                .body(not(org.hamcrest.Matchers.containsString("secret")));

        given().auth().oauth2(admin()).when().delete("/api/v1/integration-keys/" + id)
                .then().statusCode(200).body("revokedBy", equalTo("admin-test")).body("revokedAt", notNullValue());
        given().auth().oauth2(admin()).when().delete("/api/v1/integration-keys/no-such-key")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void shouldRefuseAKeyWithoutSource() {
        given().auth().oauth2(admin()).contentType("application/json").body("{\"description\":\"x\"}")
                .when().post("/api/v1/integration-keys")
                .then().statusCode(400).body("errors.field", hasItem("source"));
    }

    @Test
    void shouldAcceptAlertmanagerApiAlertsWithAnIntegrationKeyAsBearer() {
        String source = "prometheus-" + UUID.randomUUID().toString().substring(0, 8);
        String key = issue(source);
        String host = "am-" + UUID.randomUUID();

        given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body("""
                        [{"labels":{"alertname":"HostDown","instance":"%s:9100","severity":"critical"},
                          "annotations":{"summary":"down"},"startsAt":"2026-11-23T10:00:00Z",
                          "generatorURL":"http://prometheus:9090/graph"}]""".formatted(host))
                .when().post("/api/v2/alerts")
                .then().statusCode(200);

        Signal signal = Json.read(infra.kafka().await(Topics.SIGNALS_NORMALIZED, 1, DEADLINE,
                r -> host.equals(r.key())).get(0).value(), Signal.class);
        assertThat(signal.source().format()).isEqualTo("alertmanager");
        assertThat(signal.source().instance()).isEqualTo(source);
        assertThat(signal.title()).startsWith("HostDown");
    }

    @Test
    void shouldRefuseUnknownAndRevokedKeysOnTheAlertmanagerApi() {
        String key = issue("revoked-" + UUID.randomUUID().toString().substring(0, 8));
        given().auth().oauth2(admin()).when().delete("/api/v1/integration-keys/" + key.substring(4, 16)).then().statusCode(200);

        given().header("Authorization", "Bearer " + key).contentType("application/json").body("[]")
                .when().post("/api/v2/alerts").then().statusCode(401);
        given().header("Authorization", "Bearer tdm_000000000000_" + "A".repeat(43)).contentType("application/json")
                .body("[]").when().post("/api/v2/alerts").then().statusCode(401);
    }

    @Test
    void shouldEnqueuePagerDutyEventsByRoutingKeyAndAnswerLikePagerDuty() {
        String key = issue("pd-" + UUID.randomUUID().toString().substring(0, 8));
        String dedupKey = "disk-" + UUID.randomUUID();
        String event = """
                {"routing_key":"%s","event_action":"%s","dedup_key":"%s",
                 "payload":{"summary":"Disk 95%% full on db-7","source":"db-7","severity":"error",
                 "timestamp":"2026-11-23T10:00:00Z"}}""";

        given().contentType("application/json").body(event.formatted(key, "trigger", dedupKey))
                .when().post("/v2/enqueue")
                .then().statusCode(202).body("status", equalTo("success")).body("dedup_key", equalTo(dedupKey));
        given().contentType("application/json").body(event.formatted(key, "resolve", dedupKey))
                .when().post("/v2/enqueue").then().statusCode(202);

        var records = infra.kafka().await(Topics.SIGNALS_NORMALIZED, 2, DEADLINE,
                r -> new String(r.value()).contains(dedupKey));
        assertThat(records).extracting(r -> Json.read(r.value(), Signal.class).status())
                .containsExactlyInAnyOrder(SignalStatus.FIRING, SignalStatus.RESOLVED);
        assertThat(records).extracting(r -> Json.read(r.value(), Signal.class).fingerprint()).containsOnly("pagerduty:" + dedupKey);
    }

    @Test
    void shouldRefuseAWrongRoutingKeyLikePagerDuty() {
        given().contentType("application/json")
                .body("{\"routing_key\":\"R0UT1NGKEY\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"x\",\"source\":\"y\",\"severity\":\"info\"}}")
                .when().post("/v2/enqueue")
                .then().statusCode(400).body("status", equalTo("invalid event")).body("errors", hasItem("Invalid routing key"));
    }

    @Test
    void shouldCreateOpsgenieAlertsWithAGenieKeyAndAnswerLikeOpsgenie() {
        String source = "opsgenie-" + UUID.randomUUID().toString().substring(0, 8);
        String key = issue(source);
        String alias = "og-" + UUID.randomUUID();

        given().header("Authorization", "GenieKey " + key).contentType("application/json")
                .body("{\"message\":\"Payment API 5xx above 5%\",\"alias\":\"" + alias + "\",\"priority\":\"P2\",\"entity\":\"payments\"}")
                .when().post("/v2/alerts")
                .then().statusCode(202).body("result", equalTo("Request will be processed")).body("requestId", notNullValue());
        infra.kafka().awaitContaining(Topics.SIGNALS_NORMALIZED, alias, 1, DEADLINE);

        given().header("Authorization", "GenieKey " + key).contentType("application/json").body("{\"alias\":\"no-message\"}")
                .when().post("/v2/alerts")
                .then().statusCode(422).body("message", notNullValue());
        given().header("Authorization", "GenieKey not-a-key").contentType("application/json").body("{\"message\":\"x\"}")
                .when().post("/v2/alerts").then().statusCode(401);
    }

    private String issue(String source) {
        return given().auth().oauth2(admin()).contentType("application/json").body("{\"source\":\"" + source + "\"}")
                .when().post("/api/v1/integration-keys").then().statusCode(201).extract().path("key");
    }

    private String admin() {
        return infra.token("admin", "admin-test");
    }
}
