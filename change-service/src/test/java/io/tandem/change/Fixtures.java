package io.tandem.change;

import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.tandem.change.asset.AssetDirectory;
import io.tandem.model.EventTypes;
import io.tandem.model.Topics;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.AssetType;
import io.tandem.model.asset.Identifier;
import io.tandem.model.asset.IdentifierType;
import io.tandem.model.asset.Lifecycle;
import io.tandem.model.asset.Relation;
import io.tandem.model.asset.RelationType;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Signal;
import io.tandem.service.Roles;
import io.tandem.testkit.TestInfra;
import io.vertx.mutiny.sqlclient.Pool;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Shared test helpers: people with roles, assets published as inventory does, change bodies and change events. */
public final class Fixtures {

    public static final Duration DEADLINE = Duration.ofSeconds(30);

    /** A request as {@code subject} holding {@code role}. */
    public static RequestSpecification as(String role, String subject) {
        return given().auth().oauth2(TestInfra.get().token(role, subject)).contentType(ContentType.JSON);
    }

    public static RequestSpecification requester(String subject) {
        return as(Roles.RESPONDER, subject);
    }

    public static RequestSpecification manager(String subject) {
        return as(Roles.CHANGE_MANAGER, subject);
    }

    /** A name no other test uses. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Publishes an asset on inventory.assets as inventory does, and waits until change-service has stored it. */
    public static Asset asset(String hostname, Integer criticality, Map<String, String> tags, UUID... dependsOn) {
        List<Relation> relations = java.util.Arrays.stream(dependsOn).map(t -> new Relation(RelationType.DEPENDS_ON, t))
                .toList();
        Asset asset = new Asset(UUID.randomUUID(), hostname, AssetType.HOST,
                List.of(new Identifier(IdentifierType.FQDN, hostname + ".corp.example"),
                        new Identifier(IdentifierType.IP, "10.9." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250))),
                "prod", "platform", criticality, null, Lifecycle.ACTIVE, true, null, null, null, tags, List.of("cmdb"),
                relations, Instant.now().truncatedTo(ChronoUnit.MICROS));
        publish(asset);
        await().atMost(DEADLINE).until(() -> known(asset.id()));
        return asset;
    }

    public static Asset asset(String hostname) {
        return asset(hostname, 3, Map.of());
    }

    public static void publish(Asset asset) {
        TestInfra.get().kafka().send(Topics.INVENTORY_ASSETS, asset.id().toString(), Json.write(asset), Map.of(
                "ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", EventTypes.ASSET_UPDATED,
                "ce_source", "/tandem/inventory", "ce_time", asset.updatedAt().toString()));
    }

    public static boolean known(UUID assetId) {
        Pool pool = Arc.container().instance(Pool.class).get();
        AssetDirectory directory = Arc.container().instance(AssetDirectory.class).get();
        return pool.withConnection(db -> directory.find(db, List.of(assetId))).await().atMost(DEADLINE)
                .containsKey(assetId);
    }

    /** A valid normal change body on {@code assets} planned {@code start} to {@code end}, with no security impact. */
    public static Map<String, Object> normal(Instant start, Instant end, Asset... assets) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", unique("Patch kernel"));
        body.put("description", "monthly patching");
        body.put("type", "normal");
        body.put("assetIds", java.util.Arrays.stream(assets).map(a -> a.id().toString()).toList());
        body.put("plannedStart", start.toString());
        body.put("plannedEnd", end.toString());
        body.put("rollbackPlan", "reboot into the previous kernel");
        body.put("securityImpact", impact(false));
        return body;
    }

    public static Map<String, Object> impact(boolean networkExposure) {
        Map<String, Object> impact = new HashMap<>();
        impact.put("touchesAccess", false);
        impact.put("touchesNetworkExposure", networkExposure);
        impact.put("touchesData", false);
        impact.put("touchesSecurityControls", false);
        if (networkExposure) {
            impact.put("notes", "opens an inbound port");
        }
        return impact;
    }

    public static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    /** Creates the change as {@code requester} (a responder) and returns its id. */
    public static String create(String requester, Map<String, Object> body) {
        return requester(requester).body(body).when().post("/api/v1/changes").then().log().ifValidationFails().statusCode(201)
                .extract().path("id");
    }

    /** Runs a lifecycle command and returns the change it answered with; fails unless it was a 200. */
    public static JsonPath act(RequestSpecification who, String id, String command) {
        return who.when().post("/api/v1/changes/" + id + "/" + command).then().statusCode(200).extract().jsonPath();
    }

    /** Creates, submits and (with two managers, so any number of approvals is met) approves a normal change. */
    public static String approved(String requester, Map<String, Object> body) {
        String id = create(requester, body);
        act(requester(requester), id, "submit");
        int needed = act(manager("cm-one"), id, "approve").getInt("requiredApprovals");
        if (needed > 1) {
            act(manager("cm-two"), id, "approve");
        }
        return id;
    }

    /** The change events of one change, in order, once at least {@code count} are there. */
    public static List<ChangeEvent> events(String changeId, int count) {
        return TestInfra.get().kafka().await(Topics.CHANGES_EVENTS, count, DEADLINE, r -> changeId.equals(r.key()))
                .stream().map(r -> Json.read(r.value(), ChangeEvent.class)).toList();
    }

    /** The first event of {@code action} on one change. */
    public static ChangeEvent event(String changeId, ChangeAction action) {
        String marker = "\"action\":\"" + action.wire() + "\"";
        return Json.read(TestInfra.get().kafka().await(Topics.CHANGES_EVENTS, 1, DEADLINE, r -> changeId.equals(r.key())
                && new String(r.value(), StandardCharsets.UTF_8).contains(marker)).get(0).value(), ChangeEvent.class);
    }

    /** Records of {@code topic} whose value contains {@code text}, at least {@code count}. */
    public static List<ConsumerRecord<String, byte[]>> containing(String topic, String text, int count) {
        return TestInfra.get().kafka().await(topic, count, DEADLINE,
                r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(text));
    }

    /**
     * How many records now on {@code topic} contain {@code text}: reads every partition up to its current end
     * offset (read_committed), so a duplicate that was published is counted.
     */
    public static long count(String topic, String text) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, DEADLINE).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long matched = 0;
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within " + DEADLINE);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(text)) {
                        matched++;
                    }
                }
            }
            return matched;
        }
    }

    /** Signals change derived, with a label naming {@code changeId}. */
    public static List<Signal> derivedSignals(String changeId, int count) {
        return containing(Topics.SIGNALS_NORMALIZED, "\"changeId\":\"" + changeId + "\"", count).stream()
                .map(r -> Json.read(r.value(), Signal.class)).toList();
    }

    private Fixtures() {
    }
}
