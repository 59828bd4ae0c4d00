package io.tandem.inventory.discovery;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tandem.inventory.Fixtures;
import io.tandem.model.Headers;
import io.tandem.model.Topics;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.AssetAction;
import io.tandem.model.asset.AssetEvent;
import io.tandem.model.asset.Lifecycle;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalSource;
import io.tandem.service.Roles;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.tandem.inventory.Fixtures.as;
import static io.tandem.inventory.Fixtures.byIdentifier;
import static io.tandem.inventory.Fixtures.create;
import static io.tandem.inventory.Fixtures.send;
import static io.tandem.inventory.Fixtures.signal;
import static io.tandem.inventory.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class DiscoveryTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    DiscoveryService discovery;

    @Test
    void shouldDiscoverAnUnknownHostAsUnmanagedAndRaiseItsHand() {
        String host = unique("rogue");
        Signal signal = signal(host, null, SignalKind.SECURITY);

        send(signal);

        List<Map<String, Object>> found = await().atMost(DEADLINE).until(() -> byIdentifier(host), l -> l.size() == 1);
        assertThat(found.get(0)).containsEntry("lifecycle", "discovered").containsEntry("managed", false)
                .containsEntry("environment", "prod");
        String id = (String) found.get(0).get("id");
        assertThat(as(Roles.VIEWER).queryParam("unmanaged", "true").queryParam("q", host).when().get("/api/v1/assets")
                .then().statusCode(200).extract().jsonPath().getList("items.id")).containsExactly(id);

        ConsumerRecord<String, byte[]> event = TestInfra.get().kafka().await(Topics.INVENTORY_EVENTS, 1, DEADLINE,
                r -> id.equals(r.key())).get(0);
        AssetEvent discovered = Json.read(event.value(), AssetEvent.class);
        assertThat(discovered.action()).isEqualTo(AssetAction.DISCOVERED);
        assertThat(discovered.signalId()).isEqualTo(signal.id());
        assertThat(KafkaTestClient.header(event, "ce_type")).isEqualTo("io.tandem.asset.discovered.v1");

        Signal derived = derivedSignalFor(id);
        assertThat(derived.kind()).isEqualTo(SignalKind.OPERATIONAL);
        assertThat(derived.source().format()).isEqualTo("tandem-inventory");
        assertThat(derived.asset().hostname()).isEqualTo(host);
    }

    @Test
    void shouldReportAZombieWhenADecommissionedHostSignalsAgain() {
        String host = unique("legacy-ftp");
        Asset asset = create(Map.of("name", host, "type", "host", "hostname", host, "managed", true));
        as(Roles.ADMIN).when().post("/api/v1/assets/" + asset.id() + "/decommission").then().statusCode(200);

        send(signal(host.toUpperCase() + ".corp.example", null, SignalKind.OPERATIONAL));

        AssetEvent zombie = await().atMost(DEADLINE).until(() -> TestInfra.get().kafka()
                        .await(Topics.INVENTORY_EVENTS, 1, DEADLINE, r -> asset.id().toString().equals(r.key())
                                && Fixtures.text(r.value()).contains("zombie-seen")).stream()
                        .map(r -> Json.read(r.value(), AssetEvent.class)).findFirst().orElse(null),
                e -> e != null);
        assertThat(zombie.asset().lifecycle()).isEqualTo(Lifecycle.DECOMMISSIONED);
        assertThat(derivedSignalFor(asset.id().toString()).kind()).isEqualTo(SignalKind.SECURITY);
        assertThat(as(Roles.VIEWER).queryParam("zombie", "true").queryParam("q", host).when().get("/api/v1/assets")
                .then().statusCode(200).extract().jsonPath().getList("items.id")).containsExactly(asset.id().toString());
        assertThat(byIdentifier(host)).hasSize(1);
    }

    @Test
    void shouldRefreshLastSeenOfAKnownAssetMatchedByAnotherSpelling() {
        String host = unique("app");
        Asset asset = create(Map.of("name", host, "type", "vm", "identifiers",
                List.of(Map.of("type", "fqdn", "value", host + ".corp.example"), Map.of("type", "ip", "value", "2001:db8:0:0:1::9"))));

        send(signal(null, "2001:DB8::1:0:0:9", SignalKind.AVAILABILITY));

        await().atMost(DEADLINE).until(() -> Fixtures.get(asset.id()).lastSeenAt() != null);
        assertThat(Fixtures.get(asset.id()).sources()).containsExactly("discovery", "manual");
        assertThat(byIdentifier(host)).hasSize(1);
    }

    @Test
    void shouldIgnoreItsOwnDerivedSignals() {
        String host = unique("echo");
        Signal own = signal(host, null, SignalKind.OPERATIONAL);
        Signal derived = new Signal(own.id(), new SignalSource("tandem-inventory", "inventory-service"), null,
                own.fingerprint(), own.kind(), own.category(), own.title(), null, own.severity(), own.status(),
                own.observedAt(), own.ingestedAt(), own.asset(), own.labels(), null, null, null, null, null);
        String marker = unique("marker");

        send(derived);
        // Same key, same partition: once the marker is discovered, the derived signal before it was processed.
        Signal after = signal(host, null, SignalKind.OPERATIONAL);
        send(new Signal(after.id(), after.source(), null, after.fingerprint(), after.kind(), after.category(),
                after.title(), null, after.severity(), after.status(), after.observedAt(), after.ingestedAt(),
                new io.tandem.model.signal.AssetRef(host, null, marker, null, null), Map.of(), null, null, null, null, null));

        await().atMost(DEADLINE).until(() -> byIdentifier(marker).size() == 1);
        assertThat(byIdentifier(marker).get(0).get("type")).isEqualTo("cloud-resource");
        assertThat(discovery.discover(derived, UUID.randomUUID().toString()).await().atMost(DEADLINE))
                .isEqualTo(DiscoveryService.Outcome.IGNORED);
    }

    @Test
    void shouldDeadLetterARecordThatIsNotASignal() {
        String key = unique("garbage");
        TestInfra.get().kafka().send(Topics.SIGNALS_NORMALIZED, key, "{\"not\": \"a signal\"}", Map.of());

        ConsumerRecord<String, byte[]> dead = TestInfra.get().kafka()
                .await(Topics.SIGNALS_DLQ, 1, DEADLINE, r -> key.equals(r.key())).get(0);
        assertThat(Fixtures.text(dead.value())).isEqualTo("{\"not\": \"a signal\"}");
        assertThat(KafkaTestClient.header(dead, Headers.ERROR)).isEqualTo("invalid-signal");
        assertThat(KafkaTestClient.header(dead, Headers.ERROR_DETAIL)).contains("id");
        assertThat(KafkaTestClient.header(dead, Headers.ORIGIN_TOPIC)).isEqualTo(Topics.SIGNALS_NORMALIZED);
    }

    @Test
    void shouldApplyARedeliveredSignalOnce() {
        Signal signal = signal(unique("twice"), null, SignalKind.OPERATIONAL);

        assertThat(discovery.discover(signal, signal.id().toString()).await().atMost(DEADLINE))
                .isEqualTo(DiscoveryService.Outcome.DISCOVERED);
        assertThat(discovery.discover(signal, signal.id().toString()).await().atMost(DEADLINE))
                .isEqualTo(DiscoveryService.Outcome.DUPLICATE);
    }

    @Test
    void shouldCreateExactlyOneAssetForConcurrentSignalsOfANewHost() {
        String host = unique("burst");
        List<Signal> signals = IntStream.range(0, 12)
                .mapToObj(i -> signal(i % 2 == 0 ? host : host.toUpperCase() + ".corp.example", "10.77.0." + (i % 3 == 0 ? 5 : 6), SignalKind.SECURITY))
                .toList();

        // Subscribing all at once runs the transactions concurrently on the pool's connections.
        List<DiscoveryService.Outcome> outcomes = Uni.join().all(signals.stream()
                        .map(s -> discovery.discover(s, s.id().toString())).toList())
                .andFailFast().await().atMost(DEADLINE);

        assertThat(outcomes).filteredOn(o -> o == DiscoveryService.Outcome.DISCOVERED).hasSize(1);
        List<Map<String, Object>> assets = byIdentifier(host);
        assertThat(assets).hasSize(1);
        String id = (String) assets.get(0).get("id");
        assertThat(byIdentifier("10.77.0.5")).extracting(m -> m.get("id")).containsExactly(id);
    }

    private static Signal derivedSignalFor(String assetId) {
        ConsumerRecord<String, byte[]> record = TestInfra.get().kafka().await(Topics.SIGNALS_NORMALIZED, 1, DEADLINE,
                r -> r.value() != null && Fixtures.text(r.value()).contains("\"tandem-inventory\"")
                        && Fixtures.text(r.value()).contains(assetId)).get(0);
        return Json.read(record.value(), Signal.class);
    }
}
