package io.tandem.triage.stream;

import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.DeciderKind;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.TriageDecision;
import io.tandem.triage.rules.InhibitRule;
import io.tandem.triage.rules.Matcher;
import io.tandem.triage.rules.RuleKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tandem.triage.stream.StreamFixture.T0;
import static io.tandem.triage.stream.StreamFixture.signal;
import static org.assertj.core.api.Assertions.assertThat;

/** Alertmanager inhibition: a firing source mutes matching targets with equal labels, and releases them when it resolves. */
class InhibitionStreamTest {

    private final StreamFixture stream = new StreamFixture();
    private final InhibitRule hostDown = new InhibitRule(UUID.randomUUID(), "host down mutes its services",
            List.of(Matcher.parse("alertname=\"HostDown\"")), List.of(Matcher.parse("severity!=\"critical\"")),
            List.of("instance"), "admin", T0);

    @BeforeEach
    void rules() {
        stream.rule(RuleKind.INHIBIT_RULE, hostDown);
    }

    @AfterEach
    void stop() {
        stream.close();
    }

    /** HostDown is an availability signal, the rest operational: different groups, so only inhibition can mute. */
    private void fire(String alertname, String host, SignalStatus status, String severity, long at) {
        SignalKind kind = alertname.equals("HostDown") ? SignalKind.AVAILABILITY : SignalKind.OPERATIONAL;
        stream.send(signal(alertname + "@" + host, host, kind, status, Severity.HIGH, T0.plusSeconds(at),
                Map.of("alertname", alertname, "instance", host, "severity", severity)));
    }

    @Test
    void shouldMuteTargetsWithEqualLabelsWhileTheSourceFiresAndReleaseThemAfter() {
        fire("HostDown", "web-1", SignalStatus.FIRING, "critical", 0);
        fire("HttpErrors", "web-1", SignalStatus.FIRING, "warning", 5);
        fire("HttpErrors", "web-2", SignalStatus.FIRING, "warning", 6);

        List<TriageDecision> all = stream.decisions();
        assertThat(all.get(0).outcome()).as("the source itself (critical) is no target").isEqualTo(DecisionOutcome.ROUTED);
        TriageDecision inhibited = all.get(1);
        assertThat(inhibited.outcome()).isEqualTo(DecisionOutcome.INHIBITED);
        assertThat(inhibited.decidedBy().kind()).isEqualTo(DeciderKind.INHIBIT_RULE);
        assertThat(inhibited.decidedBy().id()).isEqualTo(hostDown.id().toString());
        assertThat(inhibited.reason()).contains("'host down mutes its services'", "source alert HostDown@web-1 fires",
                "instance=\"web-1\"");
        assertThat(all.get(2).outcome()).as("other instance: not equal").isEqualTo(DecisionOutcome.ROUTED);

        fire("HostDown", "web-1", SignalStatus.RESOLVED, "critical", 60);
        stream.decisions();
        stream.advance(StreamFixture.HOLD_CHECK);
        TriageDecision released = stream.decision();
        assertThat(released.signalId()).isEqualTo(inhibited.signalId());
        assertThat(released.outcome()).isEqualTo(DecisionOutcome.ROUTED);
        assertThat(released.reason()).contains("inhibit rule " + hostDown.id() + " no longer mutes it");
    }

    @Test
    void shouldNotLetAnAlertInhibitItself() {
        InhibitRule broad = new InhibitRule(UUID.randomUUID(), null, List.of(Matcher.parse("team=\"net\"")),
                List.of(Matcher.parse("team=\"net\"")), List.of(), "admin", T0);
        stream.rule(RuleKind.INHIBIT_RULE, broad);
        stream.send(signal("link", "sw-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.HIGH, T0, Map.of("team", "net")));
        stream.send(signal("link", "sw-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.HIGH, T0.plusSeconds(1), Map.of("team", "net")));

        assertThat(stream.decisions()).extracting(TriageDecision::outcome)
                .containsExactly(DecisionOutcome.ROUTED, DecisionOutcome.DEDUPLICATED);
    }

    @Test
    void shouldTreatAMissingEqualLabelAsEmptyOnBothSides() {
        stream.send(signal("HostDown", "h-9", SignalKind.AVAILABILITY, SignalStatus.FIRING, Severity.HIGH, T0,
                Map.of("alertname", "HostDown", "severity", "critical")));
        stream.send(signal("Svc", "h-9", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.HIGH, T0.plusSeconds(1),
                Map.of("alertname", "Svc", "severity", "warning")));

        assertThat(stream.decisions()).extracting(TriageDecision::outcome)
                .containsExactly(DecisionOutcome.ROUTED, DecisionOutcome.INHIBITED);
    }
}
