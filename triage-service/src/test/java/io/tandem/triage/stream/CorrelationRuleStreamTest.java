package io.tandem.triage.stream;

import io.tandem.model.signal.AssetRef;
import io.tandem.model.signal.Observable;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalSource;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.model.triage.DeciderKind;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.TriageDecision;
import io.tandem.triage.rules.CorrelationRule;
import io.tandem.triage.rules.Matcher;
import io.tandem.triage.rules.RuleKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tandem.triage.stream.StreamFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Cross-asset correlation: the same attacker IP against several hosts is one group, through the repartition. */
class CorrelationRuleStreamTest {

    private final StreamFixture stream = new StreamFixture();
    private final CorrelationRule sameAttacker = new CorrelationRule(UUID.randomUUID(), "same attacker", 0,
            List.of(Matcher.parse("signal.kind=\"security\"")), List.of("observable:ip@src_ip"), Duration.ofMinutes(30),
            "admin", T0);

    @BeforeEach
    void rule() {
        stream.rule(RuleKind.CORRELATION_RULE, sameAttacker);
    }

    @AfterEach
    void stop() {
        stream.close();
    }

    private static Signal attack(String host, String attacker, SignalKind kind, Instant at) {
        return new Signal(UUID.randomUUID(), new SignalSource("suricata", "test"), null, "ssh-brute/" + host + "/" + attacker,
                kind, null, "SSH brute force on " + host, null, Severity.MEDIUM, SignalStatus.FIRING, at, at,
                new AssetRef(host, null, null, null, "prod"), Map.of(),
                List.of(Observable.of(ObservableType.IP, attacker, "src_ip"), Observable.of(ObservableType.IP, "10.0.0.9", "dest_ip")),
                List.of(), null, null, null);
    }

    @Test
    void shouldGroupTheSameAttackerAgainstSeveralHostsIntoOneGroupAndPageOnce() {
        stream.send(attack("web-1", "203.0.113.7", SignalKind.SECURITY, T0));
        stream.send(attack("web-2", "203.0.113.7", SignalKind.SECURITY, T0.plusSeconds(60)));
        stream.send(attack("db-1", "203.0.113.7", SignalKind.SECURITY, T0.plusSeconds(120)));
        stream.send(attack("web-1", "198.51.100.4", SignalKind.SECURITY, T0.plusSeconds(130)));
        stream.send(attack("web-3", "203.0.113.7", SignalKind.OPERATIONAL, T0.plusSeconds(140)));

        List<TriageDecision> all = stream.decisions();
        assertThat(all).extracting(TriageDecision::outcome).containsExactly(DecisionOutcome.ROUTED, DecisionOutcome.GROUPED,
                DecisionOutcome.GROUPED, DecisionOutcome.ROUTED, DecisionOutcome.ROUTED);
        assertThat(all.get(1).alertGroupId()).isEqualTo(all.get(0).alertGroupId());
        assertThat(all.get(2).alertGroupId()).isEqualTo(all.get(0).alertGroupId());
        assertThat(all.get(1).decidedBy().kind()).isEqualTo(DeciderKind.CORRELATION_RULE);
        assertThat(all.get(1).decidedBy().id()).isEqualTo(sameAttacker.id().toString());
        assertThat(all.get(1).reason()).contains("'same attacker'", "observable:ip@src_ip=203.0.113.7");
        assertThat(all.get(3).alertGroupId()).as("another attacker").isNotEqualTo(all.get(0).alertGroupId());
        assertThat(all.get(4).alertGroupId()).as("not a security signal: the default rule").isNotEqualTo(all.get(0).alertGroupId());

        AlertGroupEvent last = stream.groupEvents().stream().filter(e -> e.groupId().equals(all.get(0).alertGroupId()))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(last.assetKeys()).containsExactly("web-1", "web-2", "db-1");
        assertThat(last.correlationRuleId()).isEqualTo(sameAttacker.id().toString());
        assertThat(last.alertCount()).isEqualTo(3);
    }

    @Test
    void shouldOpenANewGroupOnceTheRulesWindowHasPassed() {
        stream.send(attack("web-1", "203.0.113.8", SignalKind.SECURITY, T0));
        stream.send(attack("web-2", "203.0.113.8", SignalKind.SECURITY, T0.plus(Duration.ofMinutes(31))));

        List<TriageDecision> all = stream.decisions();
        assertThat(all).extracting(TriageDecision::outcome).containsExactly(DecisionOutcome.ROUTED, DecisionOutcome.ROUTED);
        assertThat(all.get(1).alertGroupId()).isNotEqualTo(all.get(0).alertGroupId());
    }
}
