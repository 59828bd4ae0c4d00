package io.tandem.triage.stream;

import io.tandem.model.asset.Asset;
import io.tandem.model.change.ChangeStatus;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.DeciderKind;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.RouteAction;
import io.tandem.model.triage.TriageDecision;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.tandem.triage.stream.StreamFixture.T0;
import static io.tandem.triage.stream.StreamFixture.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Change-window awareness: link instead of page inside the window, page when it outlives it, and the overrides. */
class ChangeWindowStreamTest {

    private final StreamFixture stream = new StreamFixture();
    private final Asset fw = StreamFixture.asset("fw-1", "netops", "prod", 2);
    private final UUID changeId = UUID.randomUUID();

    @BeforeEach
    void change() {
        stream.asset(fw);
        stream.change(StreamFixture.change(changeId, ChangeStatus.IN_PROGRESS, fw, T0.minusSeconds(60), T0.plus(Duration.ofMinutes(30))));
    }

    @AfterEach
    void stop() {
        stream.close();
    }

    @Test
    void shouldLinkANonCriticalOperationalSignalToTheChangeAndPageIfItOutlivesTheWindow() {
        stream.send(signal("vpn", "fw-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.HIGH, T0));
        TriageDecision linked = stream.decision();
        assertThat(linked.outcome()).isEqualTo(DecisionOutcome.CHANGE_LINKED);
        assertThat(linked.decidedBy().kind()).isEqualTo(DeciderKind.CHANGE);
        assertThat(linked.route().action()).isEqualTo(RouteAction.CHANGE_LINK);
        assertThat(linked.route().changeId()).isEqualTo(changeId);
        assertThat(linked.enrichment().ownerTeam()).isEqualTo("netops");
        assertThat(linked.reason()).contains("inside the window of change " + changeId, "Patch fw-1");

        stream.advance(Duration.ofMinutes(29));
        assertThat(stream.decisions()).isEmpty();
        stream.advance(Duration.ofMinutes(2));
        TriageDecision induced = stream.decision();
        assertThat(induced.signalId()).isEqualTo(linked.signalId());
        assertThat(induced.outcome()).isEqualTo(DecisionOutcome.ROUTED);
        assertThat(induced.route().action()).isEqualTo(RouteAction.INCIDENT);
        assertThat(induced.route().changeId()).isEqualTo(changeId);
        assertThat(induced.route().team()).isEqualTo("netops");
        assertThat(induced.flags()).contains("possibly-change-induced", "follow-up");
        assertThat(induced.reason()).contains("still firing when the window of change " + changeId + " closed");
    }

    @Test
    void shouldNotPageALinkedAlertThatRecoveredInsideTheWindow() {
        stream.send(signal("vpn", "fw-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM, T0));
        stream.send(signal("vpn", "fw-1", SignalKind.OPERATIONAL, SignalStatus.RESOLVED, Severity.MEDIUM, T0.plusSeconds(120)));
        stream.advance(Duration.ofHours(1));

        assertThat(stream.decisions()).extracting(TriageDecision::outcome)
                .containsExactly(DecisionOutcome.CHANGE_LINKED, DecisionOutcome.DEDUPLICATED);
    }

    @Test
    void shouldNeverHoldHighSecuritySignalsCriticalSignalsOrTheChangesOwnConfigurationChange() {
        stream.send(signal("ids", "fw-1", SignalKind.SECURITY, SignalStatus.FIRING, Severity.HIGH, T0));
        stream.send(signal("down", "fw-1", SignalKind.AVAILABILITY, SignalStatus.FIRING, Severity.CRITICAL, T0));
        stream.send(signal("cfg", "fw-1", SignalKind.CONFIGURATION_CHANGE, SignalStatus.FIRING, Severity.LOW, T0));
        stream.send(signal("scan", "fw-1", SignalKind.SECURITY, SignalStatus.FIRING, Severity.LOW, T0.plusSeconds(1)));

        var all = stream.decisions();
        assertThat(all).extracting(TriageDecision::outcome).containsExactly(DecisionOutcome.ROUTED, DecisionOutcome.ROUTED,
                DecisionOutcome.ROUTED, DecisionOutcome.GROUPED);
        assertThat(all.get(0).flags()).contains("change-window-overridden");
        assertThat(all.get(0).reason()).contains("is never held by a change window");
        assertThat(all.get(2).flags()).doesNotContain("change-window-overridden");
    }

    @Test
    void shouldIgnoreChangesOutsideTheirWindowOrNotApproved() {
        stream.change(StreamFixture.change(changeId, ChangeStatus.SUBMITTED, fw, T0.minusSeconds(60), T0.plusSeconds(600)));
        stream.send(signal("a", "fw-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.LOW, T0));
        UUID later = UUID.randomUUID();
        stream.change(StreamFixture.change(later, ChangeStatus.APPROVED, fw, T0.plusSeconds(3600), T0.plusSeconds(7200)));
        stream.send(signal("b", "fw-1", SignalKind.AVAILABILITY, SignalStatus.FIRING, Severity.LOW, T0));

        assertThat(stream.decisions()).extracting(TriageDecision::outcome)
                .containsExactly(DecisionOutcome.ROUTED, DecisionOutcome.ROUTED);
    }

    @Test
    void shouldLinkByTheAssetKeyTheChangeNamesWhenTheAssetIsNotInTheInventory() {
        Asset unknown = StreamFixture.asset("edge-9", null, null, null);
        UUID edgeChange = UUID.randomUUID();
        stream.change(StreamFixture.change(edgeChange, ChangeStatus.APPROVED, unknown, T0.minusSeconds(60), T0.plusSeconds(600)));
        stream.send(signal("x", "EDGE-9", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.LOW, T0));

        TriageDecision decision = stream.decision();
        assertThat(decision.outcome()).isEqualTo(DecisionOutcome.CHANGE_LINKED);
        assertThat(decision.route().changeId()).isEqualTo(edgeChange);
        assertThat(decision.flags()).contains("unmanaged-asset");
    }

    @Test
    void shouldFollowAChangeMovedToAnotherAssetAndKeepTheOtherChangesFiledOnTheFirst() {
        Asset db = StreamFixture.asset("db-1", "dba", "prod", 2);
        stream.asset(db);
        UUID second = UUID.randomUUID();
        stream.change(StreamFixture.change(second, ChangeStatus.APPROVED, fw, T0.plusSeconds(600), T0.plusSeconds(1200)));
        stream.change(StreamFixture.change(changeId, ChangeStatus.IN_PROGRESS, db, T0.minusSeconds(60), T0.plus(Duration.ofMinutes(30))));

        stream.send(signal("a", "fw-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.LOW, T0));
        stream.send(signal("b", "db-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.LOW, T0));
        stream.advance(Duration.ofMinutes(11));
        stream.send(signal("c", "fw-1", SignalKind.AVAILABILITY, SignalStatus.FIRING, Severity.LOW, T0.plusSeconds(660)));

        assertThat(stream.decisions()).extracting(TriageDecision::outcome, d -> d.route().changeId())
                .containsExactly(tuple(DecisionOutcome.ROUTED, null), tuple(DecisionOutcome.CHANGE_LINKED, changeId),
                        tuple(DecisionOutcome.CHANGE_LINKED, second));
    }
}
