package io.tandem.inventory.stale;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.inventory.Fixtures;
import io.tandem.model.Topics;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.AssetAction;
import io.tandem.model.asset.AssetEvent;
import io.tandem.model.json.Json;
import io.tandem.service.Roles;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.tandem.inventory.Fixtures.as;
import static io.tandem.inventory.Fixtures.create;
import static io.tandem.inventory.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class StaleCheckTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    StaleCheck check;

    @Test
    void shouldReportAManagedAssetNotPatchedInTimeOnce() {
        Instant now = Instant.now();
        Asset stale = create(Map.of("name", unique("unpatched"), "type", "vm", "managed", true,
                "lastSeenAt", now.toString(), "lastPatchedAt", now.minus(Duration.ofDays(90)).toString()));
        Asset fresh = create(Map.of("name", unique("patched"), "type", "vm", "managed", true,
                "lastSeenAt", now.toString(), "lastPatchedAt", now.toString()));
        Asset unmanaged = create(Map.of("name", unique("unmanaged"), "type", "vm", "managed", false,
                "lastPatchedAt", now.minus(Duration.ofDays(90)).toString()));

        List<Asset> reported = check.check(now).await().atMost(DEADLINE);

        assertThat(reported).extracting(Asset::id).contains(stale.id()).doesNotContain(fresh.id(), unmanaged.id());
        AssetEvent event = Json.read(TestInfra.get().kafka().await(Topics.INVENTORY_EVENTS, 1, DEADLINE,
                r -> stale.id().toString().equals(r.key()) && Fixtures.text(r.value()).contains("\"stale\"")).get(0).value(),
                AssetEvent.class);
        assertThat(event.action()).isEqualTo(AssetAction.STALE);
        assertThat(event.reason()).contains("not patched since");
        assertThat(check.check(now.plusSeconds(60)).await().atMost(DEADLINE)).extracting(Asset::id).doesNotContain(stale.id());
        assertThat(as(Roles.VIEWER).queryParam("stale", "true").queryParam("q", stale.name()).when().get("/api/v1/assets")
                .then().statusCode(200).extract().jsonPath().getList("items.id")).containsExactly(stale.id().toString());
    }

    @Test
    void shouldReportAnAssetNotSeenWithinThePeriodWithoutWaiting() {
        Instant now = Instant.now();
        Asset quiet = create(Map.of("name", unique("quiet"), "type", "host", "managed", true,
                "lastSeenAt", now.toString(), "lastPatchedAt", now.toString()));

        assertThat(check.check(now).await().atMost(DEADLINE)).extracting(Asset::id).doesNotContain(quiet.id());
        List<Asset> later = check.check(now.plus(Duration.ofDays(8))).await().atMost(DEADLINE);

        assertThat(later).extracting(Asset::id).contains(quiet.id());
    }
}
