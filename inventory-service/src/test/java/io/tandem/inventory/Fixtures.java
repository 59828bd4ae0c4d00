package io.tandem.inventory;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.tandem.model.EventTypes;
import io.tandem.model.Topics;
import io.tandem.model.asset.Asset;
import io.tandem.model.json.Json;
import io.tandem.model.signal.AssetRef;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalSource;
import io.tandem.model.signal.SignalStatus;
import io.tandem.service.Roles;
import io.tandem.testkit.TestInfra;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Shared test helpers: tokens, unique names, assets over REST and signals onto the real broker. */
public final class Fixtures {

    public static RequestSpecification as(String role) {
        return given().auth().oauth2(TestInfra.get().token(role, role + "-tester"));
    }

    public static RequestSpecification admin() {
        return as(Roles.ADMIN).contentType(ContentType.JSON);
    }

    /** A name no other test uses. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Asset create(Map<String, Object> body) {
        byte[] json = admin().body(body).when().post("/api/v1/assets").then().statusCode(201).extract().asByteArray();
        return Json.read(json, Asset.class);
    }

    public static Asset get(UUID id) {
        return Json.read(as(Roles.VIEWER).when().get("/api/v1/assets/" + id).then().statusCode(200).extract().asByteArray(), Asset.class);
    }

    /** The assets an identifier matches, in any spelling. */
    public static List<Map<String, Object>> byIdentifier(String identifier) {
        return as(Roles.VIEWER).queryParam("identifier", identifier).when().get("/api/v1/assets")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    public static Signal signal(String hostname, String ip, SignalKind kind) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new Signal(UUID.randomUUID(), new SignalSource("alertmanager", "test"), null, "fp-" + UUID.randomUUID(),
                kind, "test", "Test alert on " + hostname, null, Severity.MEDIUM, SignalStatus.FIRING, now, now,
                new AssetRef(hostname, ip, null, null, "prod"), Map.of(), null, null, null, null, null);
    }

    /** Sends a signal as ingest would: keyed by asset key, CloudEvent headers, JSON value. */
    public static void send(Signal signal) {
        TestInfra.get().kafka().send(Topics.SIGNALS_NORMALIZED, signal.asset().key(), Json.write(signal), Map.of(
                "ce_specversion", "1.0", "ce_id", signal.id().toString(), "ce_type", EventTypes.SIGNAL_NORMALIZED,
                "ce_source", "/tandem/ingest", "ce_time", signal.ingestedAt().toString()));
    }

    public static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private Fixtures() {
    }
}
