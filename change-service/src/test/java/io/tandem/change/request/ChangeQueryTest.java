package io.tandem.change.request;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.model.asset.Asset;
import io.tandem.service.Roles;
import io.tandem.testkit.TandemTestResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.tandem.change.Fixtures.act;
import static io.tandem.change.Fixtures.approved;
import static io.tandem.change.Fixtures.as;
import static io.tandem.change.Fixtures.asset;
import static io.tandem.change.Fixtures.create;
import static io.tandem.change.Fixtures.normal;
import static io.tandem.change.Fixtures.now;
import static io.tandem.change.Fixtures.requester;
import static io.tandem.change.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class ChangeQueryTest {

    @Test
    void shouldAnswerWhatChangedOnThisHostAroundThatTime() {
        Asset web = asset(unique("web"));
        Asset other = asset(unique("other"));
        Instant start = now().plus(Duration.ofHours(20));
        String planned = approved("alice", normal(start, start.plus(Duration.ofHours(1)), web));
        String later = create("alice", normal(start.plus(Duration.ofHours(5)), start.plus(Duration.ofHours(6)), web));
        String elsewhere = create("alice", normal(start, start.plus(Duration.ofHours(1)), other));
        String running = approved("alice", normal(now().minus(Duration.ofHours(3)), now().minus(Duration.ofHours(2)), web));
        act(requester("alice"), running, "start");

        for (String asset : List.of(web.name().toUpperCase() + ".corp.example".toUpperCase(), web.name(),
                web.id().toString())) {
            List<String> found = as(Roles.RESPONDER, "rita").queryParam("asset", asset)
                    .queryParam("activeAt", start.plus(Duration.ofMinutes(30)).toString()).when().get("/api/v1/changes")
                    .then().statusCode(200).extract().jsonPath().getList("items.id");
            // The running change started before and has not completed, so it is active then too.
            assertThat(found).as(asset).containsExactlyInAnyOrder(planned, running).doesNotContain(later, elsewhere);
        }
        assertThat(as(Roles.VIEWER, "vic").queryParam("asset", web.name()).when().get("/api/v1/changes").then()
                .statusCode(200).extract().jsonPath().getList("items.id")).contains(planned, later, running);
    }

    @Test
    void shouldPageAndRejectBadParameters() {
        Asset host = asset(unique("paged"));
        for (int i = 0; i < 3; i++) {
            create("alice", normal(now().plus(Duration.ofHours(30 + i)), now().plus(Duration.ofHours(31 + i)), host));
        }
        var first = as(Roles.VIEWER, "vic").queryParam("asset", host.name()).queryParam("limit", 2).when()
                .get("/api/v1/changes").then().statusCode(200).extract().jsonPath();
        var second = as(Roles.VIEWER, "vic").queryParam("asset", host.name()).queryParam("limit", 2)
                .queryParam("cursor", first.getString("nextCursor")).when().get("/api/v1/changes").then()
                .statusCode(200).extract().jsonPath();
        assertThat(first.getList("items")).hasSize(2);
        assertThat(second.getList("items")).hasSize(1);
        assertThat(second.getString("nextCursor")).isNull();

        as(Roles.VIEWER, "vic").queryParam("activeAt", "yesterday").when().get("/api/v1/changes").then()
                .statusCode(400).body("errors.field", hasItem("activeAt"));
        as(Roles.VIEWER, "vic").queryParam("limit", 0).when().get("/api/v1/changes").then()
                .statusCode(400).body("errors.field", hasItem("limit"));
        as(Roles.VIEWER, "vic").queryParam("status", "pending").when().get("/api/v1/changes").then()
                .statusCode(400).body("errors.field", hasItem("status"));
    }
}
