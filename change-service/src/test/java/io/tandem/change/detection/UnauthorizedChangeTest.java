package io.tandem.change.detection;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tandem.model.EventTypes;
import io.tandem.model.Headers;
import io.tandem.model.Topics;
import io.tandem.model.asset.Asset;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.change.ChangeStatus;
import io.tandem.model.json.Json;
import io.tandem.model.signal.AssetRef;
import io.tandem.model.signal.Observable;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalSource;
import io.tandem.model.signal.SignalStatus;
import io.tandem.service.Roles;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tandem.change.Fixtures.DEADLINE;
import static io.tandem.change.Fixtures.approved;
import static io.tandem.change.Fixtures.as;
import static io.tandem.change.Fixtures.asset;
import static io.tandem.change.Fixtures.containing;
import static io.tandem.change.Fixtures.count;
import static io.tandem.change.Fixtures.normal;
import static io.tandem.change.Fixtures.now;
import static io.tandem.change.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class UnauthorizedChangeTest {

    @Test
    void shouldRecordAConfigurationChangeWithNoApprovedChangeAsUnauthorizedAndRaiseASecuritySignal() {
        Asset fw = asset(unique("fw"));
        String title = unique("iptables rule added");
        Signal signal = configChange(fw.name().toUpperCase() + ".corp.example", title, now());

        send(signal);

        ChangeEvent detected = detection(title);
        assertThat(detected.action()).isEqualTo(ChangeAction.UNAUTHORIZED_DETECTED);
        assertThat(detected.change().status()).isEqualTo(ChangeStatus.COMPLETED);
        assertThat(detected.change().assetIds()).containsExactly(fw.id().toString());
        assertThat(detected.change().assetKeys()).contains(fw.name());
        assertThat(detected.change().requester()).isEqualTo("mallory");
        String changeId = detected.change().id().toString();
        Signal derived = Json.read(containing(Topics.SIGNALS_NORMALIZED, "\"changeId\":\"" + changeId, 1).get(0).value(),
                Signal.class);
        assertThat(derived.kind()).isEqualTo(SignalKind.SECURITY);
        assertThat(derived.source().format()).isEqualTo("tandem-change");
        assertThat(derived.asset().key()).isEqualTo(signal.asset().key());
        JsonPath listed = as(Roles.RESPONDER, "rita").queryParam("asset", fw.id().toString()).when()
                .get("/api/v1/changes").then().statusCode(200).extract().jsonPath();
        assertThat(listed.getList("items.id")).contains(changeId);
        assertThat(listed.getList("items.unauthorized")).contains(true);
    }

    @Test
    void shouldAcceptAConfigurationChangeInsideAnApprovedChangesWindow() {
        Asset app = asset(unique("app"));
        approved("alice", normal(now().minus(Duration.ofMinutes(10)), now().plus(Duration.ofMinutes(50)), app));
        String authorizedTitle = unique("package upgraded");
        String laterTitle = unique("package upgraded again");

        send(configChange(app.name(), authorizedTitle, now()));
        // Same key, same partition: once the later one is detected, the earlier one was processed.
        send(configChange(app.name(), laterTitle, now().plus(Duration.ofHours(5))));

        detection(laterTitle);
        assertThat(count(Topics.CHANGES_EVENTS, authorizedTitle)).isZero();
    }

    @Test
    void shouldDetectARedeliveredSignalOnlyOnce() {
        Asset db = asset(unique("db"));
        String title = unique("pg_hba.conf changed");
        String laterTitle = unique("postgresql.conf changed");
        Signal signal = configChange(db.name(), title, now());

        send(signal);
        send(signal);
        send(configChange(db.name(), laterTitle, now()));

        detection(laterTitle);
        ChangeEvent detected = detection(title);
        assertThat(count(Topics.CHANGES_EVENTS, title)).isEqualTo(1);
        assertThat(count(Topics.SIGNALS_NORMALIZED, "\"changeId\":\"" + detected.change().id())).isEqualTo(1);
    }

    @Test
    void shouldIgnoreOtherKindsAndDeadLetterWhatIsNotASignal() {
        Asset web = asset(unique("web"));
        String ignoredTitle = unique("disk full");
        Signal operational = configChange(web.name(), ignoredTitle, now());
        send(new Signal(operational.id(), operational.source(), null, operational.fingerprint(), SignalKind.OPERATIONAL,
                "disk", ignoredTitle, null, Severity.HIGH, SignalStatus.FIRING, operational.observedAt(),
                operational.ingestedAt(), operational.asset(), Map.of(), null, null, null, null, null));
        String key = unique("garbage");
        TestInfra.get().kafka().send(Topics.SIGNALS_NORMALIZED, key, "{\"not\": \"a signal\"}", Map.of());
        String laterTitle = unique("sshd_config changed");
        send(configChange(web.name(), laterTitle, now()));

        ConsumerRecord<String, byte[]> dead = TestInfra.get().kafka()
                .await(Topics.SIGNALS_DLQ, 1, DEADLINE, r -> key.equals(r.key())).get(0);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{\"not\": \"a signal\"}");
        assertThat(KafkaTestClient.header(dead, Headers.ERROR)).isEqualTo("invalid-signal");
        assertThat(KafkaTestClient.header(dead, Headers.ORIGIN_TOPIC)).isEqualTo(Topics.SIGNALS_NORMALIZED);
        detection(laterTitle);
        assertThat(count(Topics.CHANGES_EVENTS, ignoredTitle)).isZero();
    }

    private static ChangeEvent detection(String title) {
        List<ConsumerRecord<String, byte[]>> records = containing(Topics.CHANGES_EVENTS, title, 1);
        return Json.read(records.get(0).value(), ChangeEvent.class);
    }

    static Signal configChange(String hostname, String title, Instant observedAt) {
        Instant now = Instant.now();
        return new Signal(UUID.randomUUID(), new SignalSource("wazuh", "test"), null, "fp-" + UUID.randomUUID(),
                SignalKind.CONFIGURATION_CHANGE, "file-integrity", title, null, Severity.MEDIUM, SignalStatus.FIRING,
                observedAt, now, new AssetRef(hostname, null, null, null, "prod"), Map.of(),
                List.of(new Observable(ObservableType.USER, "mallory", "user")), null, null, null, null);
    }

    static void send(Signal signal) {
        TestInfra.get().kafka().send(Topics.SIGNALS_NORMALIZED, signal.asset().key(), Json.write(signal), Map.of(
                "ce_specversion", "1.0", "ce_id", signal.id().toString(), "ce_type", EventTypes.SIGNAL_NORMALIZED,
                "ce_source", "/tandem/ingest", "ce_time", signal.ingestedAt().toString()));
    }
}
