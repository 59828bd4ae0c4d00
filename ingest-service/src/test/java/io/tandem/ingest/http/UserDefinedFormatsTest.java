package io.tandem.ingest.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.ingest.format.custom.TestMappings;
import io.tandem.ingest.format.support.SignalIds;
import io.tandem.model.Topics;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Observable;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** User-defined formats over the API against the real broker: registered, used at once, validated, deleted. */
@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class UserDefinedFormatsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final TestInfra infra = TestInfra.get();

    @Test
    void shouldAcceptPayloadsOfARegisteredFormatRightAwayAndMapThemAsDeclared() {
        String id = uniqueId();
        given().auth().oauth2(admin()).contentType("application/json").body(mapping(id).toString())
                .when().post("/api/v1/formats")
                .then().statusCode(201).header("Location", endsWith("/api/v1/formats/" + id))
                .body("id", equalTo(id)).body("builtin", equalTo(false))
                .body("mapping.registeredBy", equalTo("admin-test"));

        String host = "bastion-" + UUID.randomUUID();
        String payload = """
                {"batch":{"id":"b-9","alerts":[
                  {"uid":"%1$s-1","rule":{"id":"R-17","name":"Brute force on SSH"},"level":"CRIT","state":"open",
                   "detected":"2026-11-23T10:00:00Z","target":{"host":"%1$s","addr":"10.1.2.3"},
                   "actors":[{"ip":"198.51.100.9","user":"root"}],"tags":{"team":"sec"}},
                  {"uid":"%1$s-2","rule":{"id":"R-17","name":"Brute force on SSH"},"level":"warn","state":"CLOSED",
                   "target":{"host":"%1$s"}}]}}""".formatted(host);
        given().auth().oauth2(infra.token("ingest", "acme-eu")).contentType("application/json").body(payload)
                .when().post("/api/v1/signals/" + id)
                .then().statusCode(202).body("accepted", equalTo(2));

        List<Signal> signals = infra.kafka().await(Topics.SIGNALS_NORMALIZED, 2, DEADLINE, r -> host.equals(r.key()))
                .stream().map(r -> Json.read(r.value(), Signal.class)).toList();
        Signal firing = signals.stream().filter(s -> s.status() == SignalStatus.FIRING).findFirst().orElseThrow();
        assertThat(firing.source().format()).isEqualTo(id);
        assertThat(firing.source().instance()).isEqualTo("acme-eu");
        assertThat(firing.id()).isEqualTo(SignalIds.of(id, host + "-1"));
        assertThat(firing.title()).isEqualTo("Brute force on SSH");
        assertThat(firing.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(firing.kind()).isEqualTo(SignalKind.SECURITY);
        assertThat(firing.observedAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(firing.asset().ip()).isEqualTo("10.1.2.3");
        assertThat(firing.asset().environment()).isEqualTo("prod");
        assertThat(firing.labels()).containsEntry("team", "sec");
        assertThat(firing.observables()).contains(Observable.of(ObservableType.USER, "root", "/actors/0/user"));
        assertThat(signals).extracting(Signal::fingerprint).containsOnly(id + ":" + SignalIds.hash("R-17", host));
        Signal resolved = signals.stream().filter(s -> s.status() == SignalStatus.RESOLVED).findFirst().orElseThrow();
        assertThat(resolved.severity()).isEqualTo(Severity.MEDIUM);

        given().auth().oauth2(infra.token("viewer", "vera")).when().get("/api/v1/formats")
                .then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.builtin", equalTo(false))
                .body("items.find { it.id == 'alertmanager' }.builtin", equalTo(true))
                .body("items.find { it.id == 'generic' }.builtin", equalTo(true));
        given().auth().oauth2(infra.token("viewer", "vera")).when().get("/api/v1/formats/" + id)
                .then().statusCode(200).body("mapping.alerts", equalTo("$.batch.alerts"));
        infra.kafka().await(Topics.INGEST_CONFIG, 1, DEADLINE, r -> ("format:" + id).equals(r.key()));
    }

    @Test
    void shouldRefuseAMappingThatDoesNotFitItsExampleNamingTheField() {
        String id = uniqueId();
        ObjectNode mapping = mapping(id);
        ((ObjectNode) mapping.path("fields").path("asset")).put("hostname", "$.target.hostname");

        given().auth().oauth2(admin()).contentType("application/json").body(mapping.toString())
                .when().post("/api/v1/formats")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("fields.asset.hostname"))
                .body("detail", containsString("fields.asset.hostname: $.target.hostname matched nothing in the example"));
        given().auth().oauth2(infra.token("ingest", "x")).contentType("application/json").body("{}")
                .when().post("/api/v1/signals/" + id)
                .then().statusCode(400).body("detail", containsString("unknown format"));
    }

    @Test
    void shouldRefuseAnInvalidJsonPathAndAMisspeltField() {
        ObjectNode invalidPath = mapping(uniqueId());
        ((ObjectNode) invalidPath.path("fields")).put("title", "$.rule[[");
        given().auth().oauth2(admin()).contentType("application/json").body(invalidPath.toString())
                .when().post("/api/v1/formats")
                .then().statusCode(400).body("errors.field", hasItem("fields.title"))
                .body("detail", containsString("invalid JSONPath"));

        ObjectNode misspelt = mapping(uniqueId());
        ((ObjectNode) misspelt.path("fields")).put("titel", "/x");
        given().auth().oauth2(admin()).contentType("application/json").body(misspelt.toString())
                .when().post("/api/v1/formats")
                .then().statusCode(400).body("errors.field", hasItem("fields.titel"));
    }

    @Test
    void shouldRefuseBuiltinIdsAndDuplicatesWith409() {
        given().auth().oauth2(admin()).contentType("application/json").body(mapping("alertmanager").toString())
                .when().post("/api/v1/formats").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(admin()).contentType("application/json").body(mapping("generic").toString())
                .when().post("/api/v1/formats").then().statusCode(409);
        given().auth().oauth2(admin()).when().delete("/api/v1/formats/alertmanager").then().statusCode(409);

        String id = uniqueId();
        register(id);
        given().auth().oauth2(admin()).contentType("application/json").body(mapping(id).toString())
                .when().post("/api/v1/formats").then().statusCode(409).body("detail", containsString("already exists"));
    }

    @Test
    void shouldReplaceAMappingWithPutAndUseTheNewOneAtOnce() {
        String id = uniqueId();
        register(id);
        ObjectNode replaced = mapping(id);
        ((ObjectNode) replaced.path("fields")).put("title", "/details");

        given().auth().oauth2(admin()).contentType("application/json").body(replaced.toString())
                .when().put("/api/v1/formats/" + id).then().statusCode(200).body("mapping.fields.title", equalTo("/details"));
        String host = "replaced-" + UUID.randomUUID();
        post(id, "{\"batch\":{\"alerts\":[{\"uid\":\"u1\",\"details\":\"now the title\",\"target\":{\"host\":\"" + host + "\"}}]}}");

        Signal signal = Json.read(infra.kafka().await(Topics.SIGNALS_NORMALIZED, 1, DEADLINE,
                r -> host.equals(r.key())).get(0).value(), Signal.class);
        assertThat(signal.title()).isEqualTo("now the title");
        given().auth().oauth2(admin()).contentType("application/json").body(mapping("other-" + id).toString())
                .when().put("/api/v1/formats/" + id).then().statusCode(400).body("errors.field", hasItem("id"));
    }

    @Test
    void shouldRefusePayloadsOfADeletedFormat() {
        String id = uniqueId();
        register(id);
        given().auth().oauth2(admin()).when().delete("/api/v1/formats/" + id).then().statusCode(204);

        given().auth().oauth2(infra.token("ingest", "x")).contentType("application/json")
                .body(TestMappings.acme().get("example").toString())
                .when().post("/api/v1/signals/" + id)
                .then().statusCode(400).body("detail", containsString("unknown format"));
        given().auth().oauth2(admin()).when().delete("/api/v1/formats/" + id).then().statusCode(404);
        given().auth().oauth2(admin()).when().get("/api/v1/formats/" + id).then().statusCode(404);
    }

    @Test
    void shouldPickUpAFormatWrittenByAnotherInstance() {
        String id = uniqueId();
        infra.kafka().send(Topics.INGEST_CONFIG, "format:" + id, mapping(id).toString(), Map.of());

        await().atMost(DEADLINE).untilAsserted(() -> given().auth().oauth2(infra.token("viewer", "vera"))
                .when().get("/api/v1/formats/" + id).then().statusCode(200));
        post(id, TestMappings.acme().get("example").toString());
    }

    @Test
    void shouldIngestSimpleJsonWithTheGenericFormatOutOfTheBox() {
        String host = "generic-" + UUID.randomUUID();
        post("generic", """
                {"title":"Backup job failed","host":"%s","severity":"error","status":"firing","timestamp":1763892000}
                """.formatted(host));

        Signal signal = Json.read(infra.kafka().await(Topics.SIGNALS_NORMALIZED, 1, DEADLINE,
                r -> host.equals(r.key())).get(0).value(), Signal.class);
        assertThat(signal.source().format()).isEqualTo("generic");
        assertThat(signal.title()).isEqualTo("Backup job failed");
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.observedAt()).isEqualTo(Instant.ofEpochSecond(1763892000));
    }

    @Test
    void shouldKeepRegistrationToAdminsAndReadingToPeople() {
        String body = mapping(uniqueId()).toString();
        given().contentType("application/json").body(body).when().post("/api/v1/formats").then().statusCode(401);
        given().auth().oauth2(infra.token("viewer", "vera")).contentType("application/json").body(body)
                .when().post("/api/v1/formats").then().statusCode(403);
        given().auth().oauth2(infra.token("ingest", "acme")).contentType("application/json").body(body)
                .when().post("/api/v1/formats").then().statusCode(403);
        given().auth().oauth2(infra.token("ingest", "acme")).when().get("/api/v1/formats").then().statusCode(403);
        given().auth().oauth2(infra.token("responder", "rita")).when().delete("/api/v1/formats/generic").then().statusCode(403);
    }

    private void register(String id) {
        given().auth().oauth2(admin()).contentType("application/json").body(mapping(id).toString())
                .when().post("/api/v1/formats").then().statusCode(201);
    }

    private void post(String format, String payload) {
        given().auth().oauth2(infra.token("ingest", "tester")).contentType("application/json").body(payload)
                .when().post("/api/v1/signals/" + format).then().statusCode(202);
    }

    private static ObjectNode mapping(String id) {
        ObjectNode mapping = TestMappings.acme();
        mapping.put("id", id);
        return mapping;
    }

    private static String uniqueId() {
        return "acme-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String admin() {
        return infra.token("admin", "admin-test");
    }
}
