package io.tandem.change.request;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.change.Fixtures;
import io.restassured.path.json.JsonPath;
import io.tandem.model.asset.Asset;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.change.ChangeStatus;
import io.tandem.model.change.Risk;
import io.tandem.service.Roles;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import io.tandem.model.Topics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.tandem.change.Fixtures.act;
import static io.tandem.change.Fixtures.as;
import static io.tandem.change.Fixtures.asset;
import static io.tandem.change.Fixtures.create;
import static io.tandem.change.Fixtures.events;
import static io.tandem.change.Fixtures.impact;
import static io.tandem.change.Fixtures.manager;
import static io.tandem.change.Fixtures.normal;
import static io.tandem.change.Fixtures.now;
import static io.tandem.change.Fixtures.requester;
import static io.tandem.change.Fixtures.unique;
import static io.tandem.change.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class ChangeLifecycleTest {

    @Test
    void shouldRunANormalChangeFromDraftToClosedWithAuditTrailAndOneEventPerStep() {
        Asset web = asset(unique("web"));
        Instant start = now().plus(Duration.ofHours(1));
        String id = create("alice", normal(start, start.plus(Duration.ofHours(1)), web));

        act(requester("alice"), id, "submit");
        JsonPath approved = act(manager("bob"), id, "approve");
        assertThat(approved.getString("status")).isEqualTo("approved");
        act(requester("alice"), id, "start");
        act(requester("alice"), id, "complete");
        act(requester("alice"), id, "verify");
        JsonPath closed = act(requester("alice"), id, "close");

        assertThat(closed.getString("status")).isEqualTo("closed");
        assertThat(closed.getList("approvals.approver")).containsExactly("bob");
        List<ChangeEvent> events = events(id, 7);
        assertThat(events).extracting(ChangeEvent::action).containsExactly(ChangeAction.CREATED, ChangeAction.SUBMITTED,
                ChangeAction.APPROVED, ChangeAction.STARTED, ChangeAction.COMPLETED, ChangeAction.VERIFIED,
                ChangeAction.CLOSED);
        assertThat(events).extracting(e -> e.change().status()).containsExactly(ChangeStatus.DRAFT,
                ChangeStatus.SUBMITTED, ChangeStatus.APPROVED, ChangeStatus.IN_PROGRESS, ChangeStatus.COMPLETED,
                ChangeStatus.VERIFIED, ChangeStatus.CLOSED);
        assertThat(events).extracting(ChangeEvent::actor).containsExactly("alice", "alice", "bob", "alice", "alice",
                "alice", "alice");
        ChangeEvent last = events.get(6);
        assertThat(last.change().assetIds()).containsExactly(web.id().toString());
        assertThat(last.change().assetKeys()).contains(web.name() + ".corp.example", web.name());
        assertThat(last.change().requester()).isEqualTo("alice");
        var record = TestInfra.get().kafka().await(Topics.CHANGES_EVENTS, 1, Fixtures.DEADLINE,
                r -> id.equals(r.key())).get(0);
        assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo("io.tandem.change.created.v1");
        assertThat(KafkaTestClient.header(record, "ce_source")).isEqualTo("/tandem/change");

        JsonPath audit = as(Roles.VIEWER, "vic").when().get("/api/v1/changes/" + id + "/audit").then().statusCode(200)
                .extract().jsonPath();
        assertThat(audit.getList("items.action")).containsExactly("created", "submitted", "approved", "started",
                "completed", "verified", "closed");
        assertThat(audit.getList("items.actor")).containsExactly("alice", "alice", "bob", "alice", "alice", "alice",
                "alice");
        assertThat(audit.getList("items.toStatus")).containsExactly("draft", "submitted", "approved", "in-progress",
                "completed", "verified", "closed");
        assertThat(audit.getList("items.occurredAt")).doesNotContainNull();
    }

    @Test
    void shouldRejectAndCloseASubmittedChange() {
        String id = create("alice", normal(now().plus(Duration.ofHours(3)), now().plus(Duration.ofHours(4)),
                asset(unique("db"))));
        act(requester("alice"), id, "submit");

        assertThat(manager("bob").queryParam("reason", "no maintenance slot").when()
                .post("/api/v1/changes/" + id + "/reject").then().statusCode(200).extract().path("status").toString())
                .isEqualTo("rejected");
        act(requester("alice"), id, "close");

        assertThat(events(id, 4)).extracting(ChangeEvent::action).containsExactly(ChangeAction.CREATED,
                ChangeAction.SUBMITTED, ChangeAction.REJECTED, ChangeAction.CLOSED);
        assertThat(events(id, 4).get(2).detail()).isEqualTo("no maintenance slot");
    }

    @Test
    void shouldRollBackAFailedChange() {
        String id = Fixtures.approved("alice", normal(now().plus(Duration.ofHours(5)), now().plus(Duration.ofHours(6)),
                asset(unique("app"))));
        act(requester("alice"), id, "start");
        act(requester("alice"), id, "complete");
        act(requester("alice"), id, "fail");
        JsonPath rolledBack = act(requester("alice"), id, "rollback");
        act(requester("alice"), id, "close");

        assertThat(rolledBack.getString("status")).isEqualTo("rolled-back");
        assertThat(rolledBack.getString("rolledBackAt")).isNotNull();
        assertThat(events(id, 8)).extracting(ChangeEvent::action).endsWith(ChangeAction.FAILED,
                ChangeAction.ROLLED_BACK, ChangeAction.CLOSED);
    }

    @Test
    void shouldAnswerEveryForbiddenTransitionWith409NamingTheCurrentState() {
        Asset host = asset(unique("forbidden"));
        String draft = create("alice", normal(now().plus(Duration.ofHours(7)), now().plus(Duration.ofHours(8)), host));
        for (String command : List.of("approve", "reject", "start", "complete", "verify", "fail", "rollback", "close")) {
            (command.equals("approve") || command.equals("reject") ? manager("bob") : requester("alice"))
                    .when().post("/api/v1/changes/" + draft + "/" + command).then().statusCode(409)
                    .contentType(containsString("application/problem+json"))
                    .body("detail", containsString("current state: draft"))
                    .body("errors.field", hasItem("state")).body("errors.message", hasItem("draft"));
        }
        act(requester("alice"), draft, "submit");
        for (String command : List.of("submit", "start", "complete", "verify", "fail", "rollback", "close")) {
            requester("alice").when().post("/api/v1/changes/" + draft + "/" + command).then().statusCode(409)
                    .body("detail", containsString("current state: submitted"));
        }
        requester("alice").body(normal(now(), now().plus(Duration.ofHours(1)), host)).when()
                .put("/api/v1/changes/" + draft).then().statusCode(409).body("detail", containsString("submitted"));
        requester("alice").when().delete("/api/v1/changes/" + draft).then().statusCode(409);
        act(manager("bob"), draft, "approve");
        for (String command : List.of("submit", "approve", "complete", "verify", "close")) {
            manager("bob").when().post("/api/v1/changes/" + draft + "/" + command).then().statusCode(409)
                    .body("detail", containsString("current state: approved"));
        }
        act(requester("alice"), draft, "start");
        requester("alice").when().post("/api/v1/changes/" + draft + "/verify").then().statusCode(409)
                .body("detail", containsString("current state: in-progress"));
        act(requester("alice"), draft, "complete");
        act(requester("alice"), draft, "verify");
        requester("alice").when().post("/api/v1/changes/" + draft + "/fail").then().statusCode(409)
                .body("detail", containsString("current state: verified"));
        act(requester("alice"), draft, "close");
        for (String command : List.of("start", "rollback", "close", "submit")) {
            requester("alice").when().post("/api/v1/changes/" + draft + "/" + command).then().statusCode(409)
                    .body("detail", containsString("current state: closed"));
        }
    }

    @Test
    void shouldNeverLetTheRequesterApproveTheirOwnChange() {
        String id = Fixtures.create("carol", normal(now().plus(Duration.ofHours(9)), now().plus(Duration.ofHours(10)),
                asset(unique("sod"))));
        act(requester("carol"), id, "submit");

        manager("carol").when().post("/api/v1/changes/" + id + "/approve").then().statusCode(403)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("segregation of duties"));

        assertThat(given().auth().oauth2(TestInfra.get().token(Roles.CHANGE_MANAGER, "carol")).when()
                .get("/api/v1/changes/" + id).then().statusCode(200).extract().path("status").toString())
                .isEqualTo("submitted");
        assertThat(act(manager("dave"), id, "approve").getString("status")).isEqualTo("approved");
    }

    @Test
    void shouldNeedASecondApprovalWhenSecurityImpactIsNotNone() {
        String id = create("alice", with(normal(now().plus(Duration.ofHours(11)), now().plus(Duration.ofHours(12)),
                asset(unique("fw"))), "securityImpact", impact(true)));
        act(requester("alice"), id, "submit");

        JsonPath first = act(manager("bob"), id, "approve");
        assertThat(first.getString("status")).isEqualTo("submitted");
        assertThat(first.getInt("requiredApprovals")).isEqualTo(2);
        manager("bob").when().post("/api/v1/changes/" + id + "/approve").then().statusCode(409)
                .body("detail", containsString("already approved"));
        JsonPath second = act(manager("dave"), id, "approve");

        assertThat(second.getString("status")).isEqualTo("approved");
        assertThat(second.getList("approvals.approver")).containsExactly("bob", "dave");
        List<ChangeEvent> events = events(id, 4);
        assertThat(events.get(2).action()).isEqualTo(ChangeAction.UPDATED);
        assertThat(events.get(2).detail()).contains("approval 1 of 2 by bob", "security impact");
        assertThat(events.get(3).action()).isEqualTo(ChangeAction.APPROVED);
        assertThat(events.get(3).change().securityImpact().touchesNetworkExposure()).isTrue();
    }

    @Test
    void shouldApproveOnceWhenTwoManagersGiveTheLastApprovalsAtTheSameTime() throws Exception {
        String id = create("alice", with(normal(now().plus(Duration.ofHours(19)), now().plus(Duration.ofHours(20)),
                asset(unique("race"))), "securityImpact", impact(true)));
        act(requester("alice"), id, "submit");

        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var bob = pool.submit(() -> manager("bob").when().post("/api/v1/changes/" + id + "/approve").statusCode());
            var dave = pool.submit(() -> manager("dave").when().post("/api/v1/changes/" + id + "/approve").statusCode());
            assertThat(List.of(bob.get(), dave.get())).containsOnly(200);
        } finally {
            pool.shutdown();
        }

        JsonPath change = requester("alice").when().get("/api/v1/changes/" + id).then().extract().jsonPath();
        assertThat(change.getString("status")).isEqualTo("approved");
        assertThat(change.getList("approvals.approver")).containsExactlyInAnyOrder("bob", "dave");
        assertThat(events(id, 4)).extracting(ChangeEvent::action).containsExactly(ChangeAction.CREATED,
                ChangeAction.SUBMITTED, ChangeAction.UPDATED, ChangeAction.APPROVED);
    }

    @Test
    void shouldComputeHighRiskForATierOneAssetAndNeedTwoApprovals() {
        Asset core = asset(unique("core-db"), 1, Map.of());
        String id = create("alice", normal(now().plus(Duration.ofHours(13)), now().plus(Duration.ofHours(14)), core));

        JsonPath change = requester("alice").when().get("/api/v1/changes/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(change.getString("risk")).isEqualTo("high");
        assertThat(change.getInt("requiredApprovals")).isEqualTo(2);
        act(requester("alice"), id, "submit");
        assertThat(act(manager("bob"), id, "approve").getString("status")).isEqualTo("submitted");
        assertThat(act(manager("dave"), id, "approve").getString("status")).isEqualTo("approved");
    }

    @Test
    void shouldLetAReasonedOverrideLowerTheRiskAndKeepTheComputedOne() {
        Asset core = asset(unique("core-cache"), 1, Map.of());
        Map<String, Object> body = with(with(normal(now().plus(Duration.ofHours(15)), now().plus(Duration.ofHours(16)),
                core), "risk", "low"), "riskReason", "read-only replica, no traffic");

        String id = create("alice", body);

        JsonPath change = requester("alice").when().get("/api/v1/changes/" + id).then().extract().jsonPath();
        assertThat(change.getString("risk")).isEqualTo(Risk.LOW.wire());
        assertThat(change.getString("computedRisk")).isEqualTo("high");
        assertThat(change.getInt("requiredApprovals")).isEqualTo(1);
        requester("alice").body(with(body, "riskReason", null)).when().post("/api/v1/changes").then().statusCode(400)
                .body("errors.field", hasItem("riskReason"));
    }

    @Test
    void shouldApproveAStandardChangeThroughItsTemplate() {
        String template = manager("bob").body(Map.of("name", unique("Rotate TLS certificate"), "risk", "low",
                        "rollbackPlan", "restore the previous certificate")).when().post("/api/v1/change-templates")
                .then().statusCode(201).extract().path("id");
        Asset lb = asset(unique("lb"));
        String id = create("alice", Map.of("title", "Rotate cert on lb", "type", "standard", "templateId", template,
                "assetIds", List.of(lb.id().toString()), "plannedStart", now().plus(Duration.ofHours(17)).toString(),
                "plannedEnd", now().plus(Duration.ofHours(18)).toString()));

        JsonPath submitted = act(requester("alice"), id, "submit");

        assertThat(submitted.getString("status")).isEqualTo("approved");
        assertThat(submitted.getString("rollbackPlan")).isEqualTo("restore the previous certificate");
        assertThat(submitted.getInt("requiredApprovals")).isZero();
        List<ChangeEvent> events = events(id, 3);
        assertThat(events).extracting(ChangeEvent::action).containsExactly(ChangeAction.CREATED,
                ChangeAction.SUBMITTED, ChangeAction.APPROVED);
        assertThat(events.get(2).actor()).isEqualTo("template:" + template);
    }

    @Test
    void shouldLetAnEmergencyChangeStartBeforeApprovalWithAReviewDeadline() {
        String id = create("alice", with(normal(now(), now().plus(Duration.ofHours(1)), asset(unique("hotfix"))),
                "type", "emergency"));
        act(requester("alice"), id, "submit");

        JsonPath started = act(requester("alice"), id, "start");

        assertThat(started.getString("status")).isEqualTo("in-progress");
        Instant due = Instant.parse(started.getString("reviewDueAt"));
        assertThat(due).isBetween(now().plus(Duration.ofMinutes(110)), now().plus(Duration.ofMinutes(130)));
        assertThat(events(id, 3).get(2).detail()).contains("started before approval");
        manager("alice").when().post("/api/v1/changes/" + id + "/review").then().statusCode(403);
        JsonPath reviewed = manager("bob").queryParam("notes", "fix was right").when()
                .post("/api/v1/changes/" + id + "/review").then().statusCode(200).extract().jsonPath();
        assertThat(reviewed.getString("reviewedBy")).isEqualTo("bob");
        manager("dave").when().post("/api/v1/changes/" + id + "/review").then().statusCode(409);
    }

    @Test
    void shouldRejectInvalidChangesNamingEachField() {
        Asset known = asset(unique("known"));
        String unknown = java.util.UUID.randomUUID().toString();
        Map<String, Object> body = normal(now().plus(Duration.ofHours(1)), now().plus(Duration.ofHours(2)), known);

        requester("alice").body(with(body, "assetIds", List.of(known.id().toString(), unknown))).when()
                .post("/api/v1/changes").then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors.field", equalTo(List.of("assetIds[1]")))
                .body("errors.message[0]", containsString(unknown));
        requester("alice").body(with(body, "securityImpact", null)).when().post("/api/v1/changes").then()
                .statusCode(400).body("errors.field", hasItem("securityImpact"));
        requester("alice").body(with(with(body, "plannedEnd", now().toString()), "type", "sometimes")).when()
                .post("/api/v1/changes").then().statusCode(400).body("errors.field", hasItem("plannedEnd"))
                .body("errors.field", hasItem("type"));
        requester("alice").body(with(body, "temporary", true)).when().post("/api/v1/changes").then()
                .statusCode(400).body("errors.field", hasItem("expiresAt"));
        requester("alice").body(with(body, "securityImpact", Map.of("touchesAccess", true))).when()
                .post("/api/v1/changes").then().statusCode(400)
                .body("errors.field", hasItem("securityImpact.touchesData"));
    }

    @Test
    void shouldEnforceRoles() {
        Map<String, Object> body = normal(now().plus(Duration.ofHours(1)), now().plus(Duration.ofHours(2)),
                asset(unique("roles")));
        given().contentType("application/json").body(body).when().post("/api/v1/changes").then().statusCode(401);
        as(Roles.VIEWER, "vic").body(body).when().post("/api/v1/changes").then().statusCode(403);
        as(Roles.INGEST, "siem").when().get("/api/v1/changes").then().statusCode(403);
        String id = create("alice", body);
        act(requester("alice"), id, "submit");
        requester("erin").when().post("/api/v1/changes/" + id + "/approve").then().statusCode(403);
        as(Roles.ADMIN, "root").when().post("/api/v1/changes/" + id + "/approve").then().statusCode(403);
        requester("erin").body(Map.of("name", "x", "startsAt", now().toString(), "endsAt", now().toString()))
                .when().post("/api/v1/blackout-windows").then().statusCode(403);
    }

    @Test
    void shouldEditAndDeleteDrafts() {
        Asset host = asset(unique("draft"));
        String id = create("alice", normal(now().plus(Duration.ofHours(1)), now().plus(Duration.ofHours(2)), host));

        JsonPath edited = requester("alice").body(with(normal(now().plus(Duration.ofHours(3)),
                        now().plus(Duration.ofHours(4)), host), "title", "Patch kernel, take two")).when()
                .put("/api/v1/changes/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(edited.getString("title")).isEqualTo("Patch kernel, take two");
        assertThat(edited.getString("requester")).isEqualTo("alice");
        assertThat(events(id, 2).get(1).action()).isEqualTo(ChangeAction.UPDATED);

        requester("alice").when().delete("/api/v1/changes/" + id).then().statusCode(204);
        requester("alice").when().get("/api/v1/changes/" + id).then().statusCode(404);
    }
}
