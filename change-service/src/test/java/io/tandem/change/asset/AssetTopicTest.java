package io.tandem.change.asset;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.change.Fixtures;
import io.tandem.model.EventTypes;
import io.tandem.model.Headers;
import io.tandem.model.Topics;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.Identifier;
import io.tandem.model.asset.IdentifierType;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.change.ChangeStatus;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.tandem.change.Fixtures.DEADLINE;
import static io.tandem.change.Fixtures.asset;
import static io.tandem.change.Fixtures.normal;
import static io.tandem.change.Fixtures.now;
import static io.tandem.change.Fixtures.requester;
import static io.tandem.change.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class AssetTopicTest {

    @Inject
    Pool pool;
    @Inject
    AssetDirectory directory;

    @Test
    void shouldFollowStatesAndTombstonesAndIgnoreAnOlderState() {
        Asset asset = asset(unique("follow"), 2, Map.of());
        Asset renamed = new Asset(asset.id(), asset.name() + "-renamed", asset.type(), asset.identifiers(),
                asset.environment(), asset.ownerTeam(), 1, asset.segment(), asset.lifecycle(), asset.managed(),
                asset.privilegeLevel(), null, null, Map.of(), asset.sources(), List.of(),
                asset.updatedAt().plusSeconds(10));
        Fixtures.publish(renamed);
        await().atMost(DEADLINE).until(() -> known(asset).criticality() == 1);
        // A replay of the older state changes nothing.
        pool.withTransaction(db -> directory.upsert(db, asset)).await().atMost(DEADLINE);
        assertThat(known(asset).name()).isEqualTo(renamed.name());
        assertThat(known(asset).keys()).contains(asset.name() + ".corp.example", asset.name());

        TestInfra.get().kafka().send(Topics.INVENTORY_ASSETS, asset.id().toString(), (byte[]) null, Map.of(
                "ce_specversion", "1.0", "ce_id", unique("tombstone"), "ce_type", EventTypes.ASSET_DELETED,
                "ce_source", "/tandem/inventory", "ce_time", now().toString()));

        await().atMost(DEADLINE).until(() -> !Fixtures.known(asset.id()));
        requester("alice").body(normal(now().plus(Duration.ofHours(1)), now().plus(Duration.ofHours(2)), asset))
                .when().post("/api/v1/changes").then().statusCode(400).body("errors.field", hasItem("assetIds[0]"));
    }

    @Test
    void shouldGiveOpenChangesTheNewKeysOfTheirAsset() {
        Asset asset = asset(unique("renamed"));
        String id = Fixtures.approved("alice", normal(now().plus(Duration.ofHours(1)), now().plus(Duration.ofHours(2)),
                asset));
        String alias = unique("alias");
        List<Identifier> identifiers = new java.util.ArrayList<>(asset.identifiers());
        identifiers.add(new Identifier(IdentifierType.HOSTNAME, alias.toUpperCase()));
        Asset more = new Asset(asset.id(), asset.name(), asset.type(), identifiers, asset.environment(),
                asset.ownerTeam(), asset.criticality(), asset.segment(), asset.lifecycle(), asset.managed(),
                asset.privilegeLevel(), null, null, Map.of(), asset.sources(), List.of(), asset.updatedAt().plusSeconds(5));

        Fixtures.publish(more);
        Fixtures.publish(more);

        ChangeEvent refreshed = Fixtures.event(id, ChangeAction.UPDATED);
        assertThat(refreshed.change().assetKeys()).contains(alias, asset.name());
        assertThat(refreshed.change().status()).isEqualTo(ChangeStatus.APPROVED);
        assertThat(requester("alice").when().get("/api/v1/changes/" + id).then().extract().jsonPath()
                .getList("assetKeys")).contains(alias);
        assertThat(Fixtures.count(Topics.CHANGES_EVENTS, "asset keys refreshed from inventory asset " + asset.id()))
                .isEqualTo(1);
    }

    @Test
    void shouldDeadLetterARecordThatIsNotAnAsset() {
        String key = unique("not-an-asset");
        TestInfra.get().kafka().send(Topics.INVENTORY_ASSETS, key, "{\"name\": \"half an asset\"}", Map.of());

        var dead = TestInfra.get().kafka().await(Topics.SIGNALS_DLQ, 1, DEADLINE, r -> key.equals(r.key())).get(0);
        assertThat(KafkaTestClient.header(dead, Headers.ERROR)).isEqualTo("invalid-asset");
        assertThat(KafkaTestClient.header(dead, Headers.ORIGIN_TOPIC)).isEqualTo(Topics.INVENTORY_ASSETS);
    }

    private KnownAsset known(Asset asset) {
        return pool.withConnection(db -> directory.find(db, List.of(asset.id()))).await().atMost(DEADLINE)
                .get(asset.id());
    }
}
