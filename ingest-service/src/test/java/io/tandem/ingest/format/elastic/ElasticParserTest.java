package io.tandem.ingest.format.elastic;

import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.Samples;
import io.tandem.model.signal.AttackRef;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.tandem.ingest.format.SignalAssertions.CONTEXT;
import static io.tandem.ingest.format.SignalAssertions.observable;
import static io.tandem.ingest.format.SignalAssertions.parseValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElasticParserTest {

    private final ElasticParser parser = new ElasticParser();

    @Test
    void shouldMapTheArchivedThreatMatchAlert() {
        Signal s = parseValid(parser, Samples.read("elastic", "kibana_security_alert_8.1.0_threat_match.json")).get(0);

        assertThat(s.title()).isEqualTo("threat-match-rule");
        assertThat(s.description()).isEqualTo("event on security-linux-1 created low alert threat-match-rule.");
        assertThat(s.severity()).isEqualTo(Severity.LOW);
        assertThat(s.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(s.kind()).isEqualTo(SignalKind.SECURITY);
        assertThat(s.fingerprint()).isEqualTo("elastic:30a75fe46d3dbdfab55982036f77a8d60e2d1112e96f277c3b8c22f9bb57817a");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2022-03-19T02:48:12.634Z"));
        assertThat(s.asset().hostname()).isEqualTo("security-linux-1");
        assertThat(s.asset().ip()).isEqualTo("11.200.0.194");
        assertThat(s.asset().cloudResourceId()).isEqualTo("8995531128842994872");
        assertThat(s.observables()).contains(observable(ObservableType.IP, "11.200.0.194", "host.ip"),
                observable(ObservableType.OTHER, "security-linux-1", "host.name"));
        assertThat(s.labels()).containsEntry("kibana.alert.rule.rule_type_id", "siem.indicatorRule")
                .containsEntry("cloud.provider", "gcp");
    }

    @Test
    void shouldMapSearchHitsWithAttackAndClosedWorkflow() {
        Signal s = parseValid(parser, parser.example()).get(0);
        assertThat(s.severity()).isEqualTo(Severity.HIGH);
        assertThat(s.attack()).containsExactly(new AttackRef("TA0006", "Credential Access", "T1110", "Brute Force"),
                new AttackRef("TA0006", "Credential Access", "T1110.001", "Password Guessing"));
        assertThat(s.observables()).contains(observable(ObservableType.IP, "198.51.100.9", "source.ip"),
                observable(ObservableType.USER, "root", "user.name"));

        Signal closed = parseValid(parser, parser.example().replace("\"open\"", "\"closed\"")).get(0);
        assertThat(closed.status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(closed.fingerprint()).isEqualTo(s.fingerprint());
        assertThat(closed.id()).isNotEqualTo(s.id());

        String response = "{\"hits\":{\"total\":{\"value\":2},\"hits\":[" + parser.example().strip() + ","
                + parser.example().strip().replace("4d1f0c", "5e2a1d") + "]}}";
        assertThat(parseValid(parser, response)).hasSize(2);
    }

    @Test
    void shouldMapLegacySignalsAndRiskScoreBands() {
        String signal = """
                {"@timestamp":"2021-03-01T10:00:00Z","signal":{"rule":{"id":"r-1","name":"Suspicious PowerShell","risk_score":80,"threat":[{"tactic":{"id":"TA0002","name":"Execution"},"technique":[]}]},"status":"open","original_time":"2021-03-01T09:59:58Z"},"host":{"name":"win-3"},"process":{"name":"powershell.exe"},"file":{"hash":{"sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}}}
                """;
        List<Signal> signals = parseValid(parser, signal);
        Signal s = signals.get(0);
        assertThat(s.title()).isEqualTo("Suspicious PowerShell");
        assertThat(s.severity()).as("risk 80").isEqualTo(Severity.CRITICAL);
        assertThat(s.attack()).containsExactly(new AttackRef("TA0002", "Execution", null, null));
        assertThat(s.observables()).contains(observable(ObservableType.PROCESS, "powershell.exe", "process.name"));
    }

    @Test
    void shouldRejectDocumentsThatAreNotAlerts() {
        assertThatThrownBy(() -> parser.parse("{\"message\":\"hello\"}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/kibana.alert.rule.name"));
        assertThatThrownBy(() -> parser.parse("{\"type\":\"doc\",\"value\":{\"id\":\"x\"}}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/value/_source"));
    }
}
