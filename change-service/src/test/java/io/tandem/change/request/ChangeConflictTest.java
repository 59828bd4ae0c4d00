package io.tandem.change.request;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.change.Fixtures;
import io.restassured.path.json.JsonPath;
import io.tandem.model.asset.Asset;
import io.tandem.testkit.TandemTestResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.tandem.change.Fixtures.act;
import static io.tandem.change.Fixtures.approved;
import static io.tandem.change.Fixtures.asset;
import static io.tandem.change.Fixtures.create;
import static io.tandem.change.Fixtures.manager;
import static io.tandem.change.Fixtures.normal;
import static io.tandem.change.Fixtures.now;
import static io.tandem.change.Fixtures.requester;
import static io.tandem.change.Fixtures.unique;
import static io.tandem.change.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class ChangeConflictTest {

    @Test
    void shouldReportAnotherChangeOnTheSameAssetInAnOverlappingWindow() {
        Asset db = asset(unique("pg"));
        Instant start = now().plus(Duration.ofDays(2));
        String first = approved("alice", normal(start, start.plus(Duration.ofHours(2)), db));
        String apart = create("alice", normal(start.plus(Duration.ofHours(3)), start.plus(Duration.ofHours(4)), db));
        String second = create("erin", normal(start.plus(Duration.ofHours(1)), start.plus(Duration.ofHours(3)), db));

        JsonPath submitted = act(requester("erin"), second, "submit");
        JsonPath alone = act(requester("alice"), apart, "submit");

        assertThat(submitted.getString("status")).isEqualTo("submitted");
        assertThat(submitted.getList("conflicts.kind")).containsExactly("same-asset");
        assertThat(submitted.getList("conflicts.with")).containsExactly(first);
        assertThat(alone.getList("conflicts.with")).doesNotContain(first);
        assertThat(Fixtures.events(second, 2).get(1).detail()).contains("1 conflict(s)", "same asset as");
    }

    @Test
    void shouldReportAChangeOnAnAssetInTheBlastRadius() {
        Asset storage = asset(unique("san"));
        Asset app = asset(unique("app"), 3, Map.of(), storage.id());
        Instant start = now().plus(Duration.ofDays(3));
        String onStorage = approved("alice", normal(start, start.plus(Duration.ofHours(2)), storage));
        String onApp = create("erin", normal(start.plus(Duration.ofMinutes(30)), start.plus(Duration.ofHours(1)), app));

        JsonPath submitted = act(requester("erin"), onApp, "submit");

        assertThat(submitted.getList("conflicts.kind")).containsExactly("blast-radius");
        assertThat(submitted.getList("conflicts.with")).containsExactly(onStorage);
    }

    @Test
    void shouldRefuseANormalChangeInABlackoutWindowButLetAnEmergencyCrossIt() {
        Instant freeze = LocalDate.of(2031, 12, 20).atStartOfDay().toInstant(ZoneOffset.UTC)
                .plus(Duration.ofMinutes((long) (Math.random() * 100_000)));
        String blackout = manager("bob").body(Map.of("name", unique("year-end freeze"), "startsAt", freeze.toString(),
                        "endsAt", freeze.plus(Duration.ofDays(3)).toString(), "reason", "year-end close"))
                .when().post("/api/v1/blackout-windows").then().statusCode(201).extract().path("id");
        Asset erp = asset(unique("erp"));
        Map<String, Object> body = normal(freeze.plus(Duration.ofDays(1)), freeze.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)), erp);
        String normal = create("alice", body);
        String emergency = create("alice", with(body, "type", "emergency"));

        requester("alice").when().post("/api/v1/changes/" + normal + "/submit").then().statusCode(409)
                .body("detail", containsString("blackout")).body("errors.field", hasItem("plannedStart"));
        JsonPath crossed = act(requester("alice"), emergency, "submit");

        assertThat(requester("alice").when().get("/api/v1/changes/" + normal).then().extract().path("status").toString())
                .isEqualTo("draft");
        assertThat(crossed.getString("status")).isEqualTo("submitted");
        assertThat(crossed.getList("conflicts.kind")).contains("blackout");
        assertThat(crossed.getList("conflicts.with")).contains(blackout);
        assertThat(manager("bob").when().get("/api/v1/blackout-windows/" + blackout).then().statusCode(200)
                .extract().path("reason").toString()).isEqualTo("year-end close");
        manager("bob").body(Map.of("name", "bad", "startsAt", freeze.toString(), "endsAt", "tomorrow")).when()
                .post("/api/v1/blackout-windows").then().statusCode(400).body("errors.field", hasItem("endsAt"));
    }

    @Test
    void shouldReportAWindowOutsideTheAssetsMaintenanceWindow() {
        Asset batch = asset(unique("batch"), 3, Map.of("maintenance-window", "FREQ=WEEKLY;BYDAY=SA;BYHOUR=2;BYMINUTE=0 PT4H"));
        Instant saturday = LocalDate.of(2031, 3, 1).atStartOfDay().toInstant(ZoneOffset.UTC); // a Saturday
        String inside = create("alice", normal(saturday.plus(Duration.ofHours(3)), saturday.plus(Duration.ofHours(5)), batch));
        String outside = create("alice", normal(saturday.plus(Duration.ofHours(7)), saturday.plus(Duration.ofHours(8)), batch));

        List<String> insideKinds = act(requester("alice"), inside, "submit").getList("conflicts.kind");
        JsonPath out = act(requester("alice"), outside, "submit");

        assertThat(insideKinds).doesNotContain("outside-maintenance-window");
        assertThat(out.getList("conflicts.kind")).contains("outside-maintenance-window");
        assertThat(out.getList("conflicts.detail").toString()).contains("FREQ=WEEKLY;BYDAY=SA");
    }
}
