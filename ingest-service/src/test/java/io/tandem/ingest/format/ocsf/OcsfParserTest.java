package io.tandem.ingest.format.ocsf;

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

import static io.tandem.ingest.format.SignalAssertions.CONTEXT;
import static io.tandem.ingest.format.SignalAssertions.observable;
import static io.tandem.ingest.format.SignalAssertions.parseValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OcsfParserTest {

    private final OcsfParser parser = new OcsfParser();

    @Test
    void shouldMapSecurityHubGuardDutyDetection() {
        Signal s = parseValid(parser, Samples.read("ocsf", "detection_finding_securityhub_guardduty.json")).get(0);

        assertThat(s.severity()).isEqualTo(Severity.LOW);
        assertThat(s.kind()).isEqualTo(SignalKind.SECURITY);
        assertThat(s.fingerprint()).isEqualTo("ocsf:arn:aws:guardduty:us-east-2:111111111111:detector/"
                + "1ac1bfceda6679698215d5d0EXAMPLE/finding/a6c556fcbc9bea427a19f8b787099a0b");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2023-09-19T15:05:22.487Z"));
        assertThat(s.asset().cloudResourceId()).isEqualTo("AWS::IAM::AccessKey:ASIATMJPC7EXAMPLE");
        assertThat(s.observables()).contains(observable(ObservableType.IP, "52.94.133.131", "evidences[].src_endpoint.ip"),
                observable(ObservableType.OTHER, "AWS::IAM::AccessKey:ASIATMJPC7EXAMPLE", "resources[].uid"));
    }

    @Test
    void shouldMapOktaAndProwlerFindings() {
        Signal okta = parseValid(parser, Samples.read("ocsf", "detection_finding_okta_threat_detected.json")).get(0);
        assertThat(okta.title()).isEqualTo("Login Failures");
        assertThat(okta.severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(okta.sourceEventId()).isEqualTo("dc9fd3c0-598c-11ef-8478-2b7584bf8d5a");
        assertThat(okta.observedAt()).isEqualTo(Instant.parse("2024-08-13T15:58:20Z"));
        assertThat(okta.observables()).contains(observable(ObservableType.IP, "10.0.0.1", "evidences[].src_endpoint.ip"));

        Signal prowler = parseValid(parser, Samples.read("ocsf", "detection_finding_prowler.json")).get(0);
        assertThat(prowler.severity()).isEqualTo(Severity.HIGH);
        assertThat(prowler.status()).as("status_code PASS").isEqualTo(SignalStatus.RESOLVED);
        assertThat(prowler.asset().cloudResourceId())
                .isEqualTo("arn:aws:acm:eu-west-1:111122223333:certificate/e4dc1386-8b4b-402c-9fed-03269ee10006");
        assertThat(prowler.observedAt()).isEqualTo(Instant.parse("2024-10-04T09:49:02.698985Z"));
    }

    @Test
    void shouldMapPreOneZeroSecurityFindings() {
        Signal falco = parseValid(parser, Samples.read("ocsf", "security_finding_falco.json")).get(0);
        assertThat(falco.fingerprint()).isEqualTo("ocsf:ec834826-90c1-458a-8eec-a014e7266754");
        assertThat(falco.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(falco.observedAt()).isEqualTo(Instant.ofEpochMilli(1672758699558L));

        Signal qradar = parseValid(parser, Samples.read("ocsf", "security_finding_qradar_offense.json")).get(0);
        assertThat(qradar.fingerprint()).isEqualTo("ocsf:591");
        assertThat(qradar.status()).as("state In Progress").isEqualTo(SignalStatus.FIRING);
        assertThat(qradar.observables()).contains(observable(ObservableType.IP, "99.99.99.99", "source_address"),
                observable(ObservableType.USER, "SomeUser", "assigned_to"));
    }

    @Test
    void shouldMapVulnerabilityFindingsAttacksAndResolvedStatus() {
        Signal s = parseValid(parser, parser.example()).get(0);
        assertThat(s.kind()).isEqualTo(SignalKind.VULNERABILITY);
        assertThat(s.vulnerability().cves()).containsExactly("CVE-2024-0727");
        assertThat(s.vulnerability().cvssScore()).isEqualTo(5.5);
        assertThat(s.asset().hostname()).isEqualTo("web-1");
        assertThat(s.asset().ip()).isEqualTo("10.0.1.7");
        assertThat(s.sourceEventId()).isEqualTo("evt-0001");

        String detection = """
                {"class_uid":2004,"severity_id":5,"status_id":4,"time":1714557600000,"finding_info":{"uid":"f-9","title":"Credential dumping","attacks":[{"tactic":{"uid":"TA0006","name":"Credential Access"},"technique":{"uid":"T1003","name":"OS Credential Dumping"},"sub_technique":{"uid":"T1003.001","name":"LSASS Memory"}}]}}
                """;
        Signal resolved = parseValid(parser, detection).get(0);
        assertThat(resolved.status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(resolved.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(resolved.attack()).containsExactly(new AttackRef("TA0006", "Credential Access", "T1003.001", "LSASS Memory"));
    }

    @Test
    void shouldRejectObjectsWithoutClass() {
        assertThatThrownBy(() -> parser.parse("{\"severity_id\":3}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/class_uid"));
    }
}
