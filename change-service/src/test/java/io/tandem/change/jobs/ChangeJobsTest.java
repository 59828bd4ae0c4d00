package io.tandem.change.jobs;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.change.Fixtures;
import io.tandem.model.Topics;
import io.tandem.model.asset.Asset;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.change.ChangeStatus;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.testkit.TandemTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tandem.change.Fixtures.DEADLINE;
import static io.tandem.change.Fixtures.act;
import static io.tandem.change.Fixtures.approved;
import static io.tandem.change.Fixtures.asset;
import static io.tandem.change.Fixtures.count;
import static io.tandem.change.Fixtures.create;
import static io.tandem.change.Fixtures.derivedSignals;
import static io.tandem.change.Fixtures.events;
import static io.tandem.change.Fixtures.impact;
import static io.tandem.change.Fixtures.manager;
import static io.tandem.change.Fixtures.normal;
import static io.tandem.change.Fixtures.now;
import static io.tandem.change.Fixtures.requester;
import static io.tandem.change.Fixtures.unique;
import static io.tandem.change.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class ChangeJobsTest {

    @Inject
    ChangeJobs jobs;

    @Test
    void shouldOpenAndCloseTheWindowOfAnApprovedChangeOnceEach() {
        Asset web = asset(unique("web"));
        Instant start = now().plus(Duration.ofMinutes(30));
        Instant end = start.plus(Duration.ofHours(1));
        String id = approved("alice", normal(start, end, web));

        assertThat(jobs.run(start.minusSeconds(60)).await().atMost(DEADLINE).opened()).doesNotContain(uuid(id));
        assertThat(jobs.run(start.plusSeconds(60)).await().atMost(DEADLINE).opened()).contains(uuid(id));
        assertThat(jobs.run(start.plusSeconds(120)).await().atMost(DEADLINE).opened()).doesNotContain(uuid(id));
        assertThat(jobs.run(end.plusSeconds(60)).await().atMost(DEADLINE).closed()).contains(uuid(id));

        List<ChangeEvent> windows = events(id, 5).stream().filter(e -> e.action() == ChangeAction.WINDOW_OPENED
                || e.action() == ChangeAction.WINDOW_CLOSED).toList();
        assertThat(windows).extracting(ChangeEvent::action).containsExactly(ChangeAction.WINDOW_OPENED,
                ChangeAction.WINDOW_CLOSED);
        ChangeEvent opened = windows.get(0);
        assertThat(opened.change().status()).isEqualTo(ChangeStatus.APPROVED);
        assertThat(opened.change().plannedStart()).isEqualTo(start);
        assertThat(opened.change().plannedEnd()).isEqualTo(end);
        assertThat(opened.change().assetKeys()).contains(web.name(), web.name() + ".corp.example");
        assertThat(opened.actor()).isEqualTo("change-service");
    }

    @Test
    void shouldCloseTheWindowEarlyWhenTheChangeCompletes() {
        Instant start = now().plus(Duration.ofMinutes(40));
        String id = approved("alice", normal(start, start.plus(Duration.ofHours(2)), asset(unique("early"))));
        assertThat(jobs.run(start.plusSeconds(1)).await().atMost(DEADLINE).opened()).contains(uuid(id));
        act(requester("alice"), id, "start");
        act(requester("alice"), id, "complete");

        assertThat(jobs.run(start.plusSeconds(2)).await().atMost(DEADLINE).closed()).contains(uuid(id));
        ChangeEvent closed = Fixtures.event(id, ChangeAction.WINDOW_CLOSED);
        assertThat(closed.change().status()).isEqualTo(ChangeStatus.COMPLETED);
    }

    @Test
    void shouldExpireAForgottenTemporaryChangeOnceWithADerivedSecuritySignal() {
        Asset firewall = asset(unique("fw-edge"));
        Instant start = now().minus(Duration.ofMinutes(10));
        Instant expiresAt = now().plus(Duration.ofHours(1));
        String id = approved("alice", with(with(with(normal(start, start.plus(Duration.ofMinutes(30)), firewall),
                "securityImpact", impact(true)), "temporary", true), "expiresAt", expiresAt.toString()));
        act(requester("alice"), id, "start");
        act(requester("alice"), id, "complete");

        assertThat(jobs.run(expiresAt.minusSeconds(60)).await().atMost(DEADLINE).expired()).doesNotContain(uuid(id));
        // Two instances at once, then a later run: the change is reported exactly once.
        List<ChangeJobs.Report> concurrent = io.smallrye.mutiny.Uni.join().all(jobs.run(expiresAt.plusSeconds(60)),
                jobs.run(expiresAt.plusSeconds(60))).andFailFast().await().atMost(DEADLINE);
        jobs.run(expiresAt.plusSeconds(120)).await().atMost(DEADLINE);

        assertThat(concurrent.stream().filter(r -> r.expired().contains(uuid(id)))).hasSize(1);

        ChangeEvent expired = Fixtures.event(id, ChangeAction.EXPIRED);
        assertThat(expired.change().temporary()).isTrue();
        assertThat(expired.change().expiresAt()).isEqualTo(expiresAt);
        Signal signal = derivedSignals(id, 1).get(0);
        assertThat(signal.source().format()).isEqualTo("tandem-change");
        assertThat(signal.kind()).isEqualTo(SignalKind.SECURITY);
        assertThat(signal.labels()).containsEntry("changeAction", "expired");
        assertThat(signal.asset().key()).isEqualTo(firewall.name() + ".corp.example");
        assertThat(count(Topics.CHANGES_EVENTS, "\"action\":\"expired\",\"change\":{\"id\":\"" + id)).isEqualTo(1);
        assertThat(count(Topics.SIGNALS_NORMALIZED, "\"changeId\":\"" + id)).isEqualTo(1);
    }

    @Test
    void shouldNotExpireATemporaryChangeThatWasMadePermanentOrRolledBack() {
        Instant start = now().minus(Duration.ofMinutes(10));
        Instant expiresAt = now().plus(Duration.ofHours(1));
        Map<String, Object> body = with(with(normal(start, start.plus(Duration.ofMinutes(30)), asset(unique("tmp"))),
                "temporary", true), "expiresAt", expiresAt.toString());
        String permanent = approved("alice", body);
        act(requester("alice"), permanent, "start");
        String rolledBack = approved("alice", body);
        act(requester("alice"), rolledBack, "start");
        act(requester("alice"), rolledBack, "rollback");

        assertThat(manager("bob").queryParam("reason", "vendor contract extended").when()
                .post("/api/v1/changes/" + permanent + "/make-permanent").then().statusCode(200)
                .extract().path("temporary").toString()).isEqualTo("false");
        ChangeJobs.Report report = jobs.run(expiresAt.plusSeconds(60)).await().atMost(DEADLINE);

        assertThat(report.expired()).doesNotContain(uuid(permanent), uuid(rolledBack));
        manager("bob").when().post("/api/v1/changes/" + permanent + "/make-permanent").then().statusCode(409);
    }

    @Test
    void shouldRaiseASignalWhenAnEmergencyChangeMissesItsReviewDeadline() {
        String unreviewed = create("alice", with(normal(now(), now().plus(Duration.ofHours(1)), asset(unique("em"))),
                "type", "emergency"));
        act(requester("alice"), unreviewed, "submit");
        act(requester("alice"), unreviewed, "start");
        String reviewed = create("alice", with(normal(now(), now().plus(Duration.ofHours(1)), asset(unique("em"))),
                "type", "emergency"));
        act(requester("alice"), reviewed, "submit");
        act(requester("alice"), reviewed, "start");
        act(manager("bob"), reviewed, "review");

        // The test profile gives emergency changes two hours for their review.
        assertThat(jobs.run(now().plus(Duration.ofMinutes(100))).await().atMost(DEADLINE).reviewOverdue())
                .doesNotContain(uuid(unreviewed));
        ChangeJobs.Report late = jobs.run(now().plus(Duration.ofMinutes(130))).await().atMost(DEADLINE);
        jobs.run(now().plus(Duration.ofMinutes(140))).await().atMost(DEADLINE);

        assertThat(late.reviewOverdue()).contains(uuid(unreviewed)).doesNotContain(uuid(reviewed));
        Signal signal = derivedSignals(unreviewed, 1).get(0);
        assertThat(signal.labels()).containsEntry("changeAction", "review-overdue").containsEntry("changeType", "emergency");
        assertThat(count(Topics.SIGNALS_NORMALIZED, "\"changeId\":\"" + unreviewed)).isEqualTo(1);
        assertThat(count(Topics.SIGNALS_NORMALIZED, "\"changeId\":\"" + reviewed)).isZero();
        assertThat(count(Topics.CHANGES_EVENTS, "\"action\":\"review-overdue\",\"change\":{\"id\":\"" + unreviewed))
                .isEqualTo(1);
    }

    private static UUID uuid(String id) {
        return UUID.fromString(id);
    }
}
