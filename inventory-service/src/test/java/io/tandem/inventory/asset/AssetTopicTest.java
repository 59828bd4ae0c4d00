package io.tandem.inventory.asset;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tandem.model.EventTypes;
import io.tandem.model.Topics;
import io.tandem.model.asset.Asset;
import io.tandem.model.json.Json;
import io.tandem.service.Roles;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.tandem.inventory.Fixtures.admin;
import static io.tandem.inventory.Fixtures.as;
import static io.tandem.inventory.Fixtures.create;
import static io.tandem.inventory.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class AssetTopicTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void shouldPublishEachChangeAsACloudEventKeyedByAssetId() {
        Asset asset = create(Map.of("name", unique("keyed"), "type", "host"));

        ConsumerRecord<String, byte[]> record = TestInfra.get().kafka().await(Topics.INVENTORY_ASSETS, 1, DEADLINE,
                r -> asset.id().toString().equals(r.key())).get(0);

        assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo(EventTypes.ASSET_UPDATED);
        assertThat(KafkaTestClient.header(record, "ce_subject")).isEqualTo(asset.id().toString());
        assertThat(Json.read(record.value(), Asset.class)).isEqualTo(asset);
    }

    @Test
    void shouldRebuildExactlyTheDatabaseFromTheCompactedTopic() {
        String prefix = unique("rebuild");
        Asset kept = create(Map.of("name", prefix + "-kept", "type", "vm", "hostname", prefix + "-kept"));
        Asset target = create(Map.of("name", prefix + "-target", "type", "vm"));
        Asset referrer = create(Map.of("name", prefix + "-ref", "type", "application",
                "relations", List.of(Map.of("type", "runs-on", "targetId", target.id().toString()))));
        admin().body(Map.of("name", prefix + "-kept", "type", "vm", "ownerTeam", "changed", "hostname", prefix + "-kept"))
                .when().put("/api/v1/assets/" + kept.id()).then().statusCode(200);
        as(Roles.ADMIN).when().delete("/api/v1/assets/" + target.id()).then().statusCode(204);

        // Other tests may be writing meanwhile: the views must converge, not match at one instant.
        await().atMost(DEADLINE).untilAsserted(() -> {
            Map<UUID, Asset> database = database();
            Map<UUID, Asset> topic = rebuildFromTopic();
            assertThat(topic).containsOnlyKeys(database.keySet());
            assertThat(topic).isEqualTo(database);
        });
        Map<UUID, Asset> topic = rebuildFromTopic();
        assertThat(topic).doesNotContainKey(target.id());
        assertThat(topic.get(kept.id()).ownerTeam()).isEqualTo("changed");
        assertThat(topic.get(referrer.id()).relations()).isEmpty();
    }

    private static Map<UUID, Asset> database() {
        Map<UUID, Asset> assets = new HashMap<>();
        String cursor = null;
        do {
            var spec = as(Roles.VIEWER).queryParam("limit", 1000);
            if (cursor != null) {
                spec = spec.queryParam("cursor", cursor);
            }
            var response = spec.when().get("/api/v1/assets").then().statusCode(200).extract();
            JsonPath page = response.jsonPath();
            var items = Json.mapper().valueToTree(page.getList("items"));
            for (var item : items) {
                Asset asset = Json.mapper().convertValue(item, Asset.class);
                assets.put(asset.id(), asset);
            }
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return assets;
    }

    /** What a fresh consumer reading from the beginning ends up with: the last value per key, tombstones removed. */
    private static Map<UUID, Asset> rebuildFromTopic() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "rebuild-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<UUID, Asset> view = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INVENTORY_ASSETS, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(Topics.INVENTORY_ASSETS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    UUID id = UUID.fromString(record.key());
                    if (record.value() == null) {
                        view.remove(id);
                    } else {
                        view.put(id, Json.read(record.value(), Asset.class));
                    }
                }
            }
        }
        return view;
    }
}
