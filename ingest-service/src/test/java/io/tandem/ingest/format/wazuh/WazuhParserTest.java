package io.tandem.ingest.format.wazuh;

import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.Samples;
import io.tandem.model.signal.AttackRef;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.tandem.ingest.format.SignalAssertions.CONTEXT;
import static io.tandem.ingest.format.SignalAssertions.observable;
import static io.tandem.ingest.format.SignalAssertions.parseValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WazuhParserTest {

    private final WazuhParser parser = new WazuhParser();

    @Test
    void shouldMapSshBruteForce() {
        Signal s = parseValid(parser, Samples.read("wazuh", "wazuh_integratord_test_sshd_bruteforce_5712.json")).get(0);

        assertThat(s.severity()).as("level 10").isEqualTo(Severity.MEDIUM);
        assertThat(s.kind()).isEqualTo(SignalKind.SECURITY);
        assertThat(s.sourceEventId()).isEqualTo("1652272159.1549653");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2022-05-11T12:29:19.905Z"));
        assertThat(s.asset().hostname()).isEqualTo("localhost.localdomain");
        assertThat(s.attack()).containsExactly(new AttackRef("TA0006", "Credential Access", "T1110", "Brute Force"));
        assertThat(s.observables()).contains(observable(ObservableType.IP, "172.17.1.1", "data.srcip"),
                observable(ObservableType.USER, "paco", "data.srcuser"));
        assertThat(s.labels()).containsEntry("rule.id", "5712").containsEntry("rule.pci_dss", "11.4,10.2.4,10.2.5");
    }

    @Test
    void shouldMapFileIntegrityChangeAsConfigurationChange() {
        Signal s = parseValid(parser, Samples.read("wazuh", "wazuh_docs_fim_integrity_changed_550_whodata.json")).get(0);

        assertThat(s.kind()).isEqualTo(SignalKind.CONFIGURATION_CHANGE);
        assertThat(s.severity()).as("level 7").isEqualTo(Severity.MEDIUM);
        assertThat(s.asset().hostname()).isEqualTo("RHEL7");
        assertThat(s.asset().ip()).isEqualTo("10.0.1.214");
        assertThat(s.attack()).containsExactly(new AttackRef("TA0040", "Impact", "T1492", "Stored Data Manipulation"));
        assertThat(s.observables()).contains(observable(ObservableType.FILE, "/etc/hosts", "syscheck.path"),
                observable(ObservableType.FILE_HASH, "48f09f8c313b303ce2ca9365f70ae8d992c5589c56493ac055f0ab129d82c365", "syscheck.sha256_after"),
                observable(ObservableType.USER, "wazuh", "syscheck.audit.login_user.name"),
                observable(ObservableType.PROCESS, "/usr/bin/vim", "syscheck.audit.process.name"));
        assertThat(s.sourceEventId()).isNull();
    }

    @Test
    void shouldMapLevelsAndVulnerabilityAlerts() {
        Signal high = parseValid(parser, parser.example()).get(0);
        assertThat(high.severity()).as("level 12").isEqualTo(Severity.HIGH);
        assertThat(high.asset().ip()).isEqualTo("10.0.1.15");

        String vuln = """
                {"timestamp":"2024-05-01T10:00:00.000+0000","rule":{"level":15,"description":"CVE-2024-3094 affects xz","id":"23506","groups":["vulnerability-detector"]},"agent":{"id":"004","name":"build-1"},"data":{"vulnerability":{"cve":"CVE-2024-3094","severity":"Critical","cvss":{"cvss3":{"base_score":"10"}},"package":{"name":"xz"}}}}
                {"timestamp":"2024-05-01T10:00:01.000+0000","rule":{"level":2,"description":"noise","id":"1"},"agent":{"id":"004","name":"build-1"}}
                """;
        var signals = parseValid(parser, vuln);
        assertThat(signals).hasSize(2);
        assertThat(signals.get(0).kind()).isEqualTo(SignalKind.VULNERABILITY);
        assertThat(signals.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(signals.get(0).vulnerability().cves()).containsExactly("CVE-2024-3094");
        assertThat(signals.get(0).vulnerability().cvssScore()).isEqualTo(10.0);
        assertThat(signals.get(1).severity()).isEqualTo(Severity.INFORMATIONAL);
    }

    @Test
    void shouldRequireTheRuleLevel() {
        assertThatThrownBy(() -> parser.parse("{\"agent\":{}}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/rule"));
        assertThatThrownBy(() -> parser.parse("{\"rule\":{\"level\":\"high\"}}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/rule/level"));
    }
}
