package io.tandem.ingest.format.aws;

import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.Samples;
import io.tandem.model.signal.AttackRef;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static io.tandem.ingest.format.SignalAssertions.CONTEXT;
import static io.tandem.ingest.format.SignalAssertions.observable;
import static io.tandem.ingest.format.SignalAssertions.parseValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsParserTest {

    private final AwsParser parser = new AwsParser();

    @Test
    void shouldMapGuardDutySshBruteForceAsff() {
        Signal s = parseValid(parser, Samples.read("aws", "asff_guardduty_ssh_bruteforce.json")).get(0);

        assertThat(s.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(s.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(s.kind()).isEqualTo(SignalKind.SECURITY);
        assertThat(s.fingerprint()).isEqualTo("aws:arn:aws::guardduty:us-east-1:193043430472:detector/"
                + "d4b040365221be2b54a6264dc9a4bc64/finding/46ba0ac2845071e23ccdeb2ae03bfdea");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2020-09-30T11:56:49Z"));
        assertThat(s.asset().cloudResourceId()).isEqualTo("arn:aws::ec2:us-east-1:193043430472:instance/i-0c10c2c7863d1a356");
        assertThat(s.asset().ip()).isEqualTo("172.31.43.6");
        assertThat(s.attack()).containsExactly(new AttackRef("TA0001", "Initial Access", null, null));
        assertThat(s.observables()).extracting(o -> o.value()).contains("199.241.229.197");
    }

    @Test
    void shouldMapCloudTrailLoggingDisabled() {
        Signal s = parseValid(parser, Samples.read("aws", "asff_guardduty_cloudtrail_logging_disabled.json")).get(0);

        assertThat(s.severity()).isEqualTo(Severity.LOW);
        assertThat(s.attack()).containsExactly(new AttackRef("TA0005", "Defense Evasion", null, null));
        assertThat(s.asset().cloudResourceId()).isEqualTo("AWS::IAM::AccessKey:ASIATMJPC7EXAMPLE");
        assertThat(s.observables()).contains(
                observable(ObservableType.USER, "Admin", "Resources[0].Details.AwsIamAccessKey.PrincipalName"));
        assertThat(s.observables()).extracting(o -> o.value()).contains("52.94.133.131");
    }

    @Test
    void shouldMapInspectorCveAsVulnerability() {
        Signal s = parseValid(parser, Samples.read("aws", "asff_inspector_cve.json")).get(0);

        assertThat(s.kind()).isEqualTo(SignalKind.VULNERABILITY);
        assertThat(s.vulnerability().cves()).containsExactly("CVE-2023-1255");
        assertThat(s.vulnerability().cvssScore()).isEqualTo(5.9);
        assertThat(s.vulnerability().cvssVector()).isEqualTo("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2024-01-26T22:19:14Z"));
    }

    @Test
    void shouldMapControlFindingsAsConfigurationChanges() {
        Signal fsbp = parseValid(parser, Samples.read("aws", "asff_securityhub_fsbp_control_finding.json")).get(0);
        assertThat(fsbp.kind()).isEqualTo(SignalKind.CONFIGURATION_CHANGE);
        assertThat(fsbp.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(fsbp.asset().cloudResourceId()).isEqualTo("arn:aws:cloudtrail:us-east-2:123456789012:trail/AWSMacieTrail-DO-NOT-EDIT");
        assertThat(fsbp.labels()).containsEntry("Compliance.Status", "FAILED");

        Signal pci = parseValid(parser, Samples.read("aws", "asff_securityhub_pci_config1_failed.json")).get(0);
        assertThat(pci.kind()).isEqualTo(SignalKind.CONFIGURATION_CHANGE);
        assertThat(pci.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(pci.observedAt()).isEqualTo(Instant.parse("2023-07-21T18:12:05.693Z"));
    }

    @Test
    void shouldMapNativeGuardDutyFinding() {
        Signal s = parseValid(parser, Samples.read("aws", "guardduty_native_recon_portprobe_sample_finding.json")).get(0);

        assertThat(s.severity()).as("severity 2").isEqualTo(Severity.LOW);
        assertThat(s.category()).isEqualTo("Recon:EC2/PortProbeUnprotectedPort");
        assertThat(s.fingerprint()).isEqualTo("aws:arn:aws:guardduty:eu-west-2:111111111111:detector/"
                + "4b85f358-65e7-49b6-b9ae-b3816303fb12/finding/ae7f69675d8744f78ab7ab2aab229d30");
        assertThat(s.asset().cloudResourceId()).isEqualTo("i-99999999");
        assertThat(s.asset().ip()).isEqualTo("10.0.0.1");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2023-03-20T15:33:12Z"));
        assertThat(s.observables()).contains(observable(ObservableType.IP, "198.51.100.0",
                "service.action.portProbeAction.portProbeDetails.remoteIpDetails.ipAddressV4"));
    }

    @Test
    void shouldRejectTheMalformedHealthExample() {
        byte[] health = Samples.read("aws", "asff_aws_health_typical_finding.json");
        assertThatThrownBy(() -> parser.parse(health, CONTEXT)).isInstanceOf(ParseException.class)
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void shouldSplitBatchesAndReadEventBridgeEnvelopes() {
        String finding = """
                {"SchemaVersion":"2018-10-08","Id":"%s","ProductArn":"arn:aws:securityhub:eu-west-1::product/aws/config","GeneratorId":"rule","AwsAccountId":"123456789012","Types":["Software and Configuration Checks"],"CreatedAt":"2024-05-01T10:00:00Z","UpdatedAt":"%s","Severity":{"Normalized":%d},"Title":"S3 bucket public","Resources":[{"Type":"AwsS3Bucket","Id":"arn:aws:s3:::shop-assets","Tags":{"env":"prod"}}],"Workflow":{"Status":"%s"},"RecordState":"ACTIVE"}
                """;
        String batch = "{\"Findings\":[" + finding.formatted("f-1", "2024-05-01T10:00:00Z", 75, "NEW") + ","
                + finding.formatted("f-2", "2024-05-01T11:00:00Z", 0, "RESOLVED") + "]}";
        List<Signal> signals = parseValid(parser, batch);
        assertThat(signals).hasSize(2);
        assertThat(signals.get(0).severity()).isEqualTo(Severity.HIGH);
        assertThat(signals.get(0).asset().environment()).isEqualTo("prod");
        assertThat(signals.get(1).severity()).isEqualTo(Severity.INFORMATIONAL);
        assertThat(signals.get(1).status()).isEqualTo(SignalStatus.RESOLVED);

        String imported = "{\"version\":\"0\",\"detail-type\":\"Security Hub Findings - Imported\",\"source\":\"aws.securityhub\","
                + "\"detail\":{\"findings\":[" + finding.formatted("f-1", "2024-05-01T12:00:00Z", 40, "NOTIFIED") + "]}}";
        Signal updated = parseValid(parser, imported).get(0);
        assertThat(updated.fingerprint()).isEqualTo(signals.get(0).fingerprint());
        assertThat(updated.id()).as("an update is a new signal").isNotEqualTo(signals.get(0).id());

        Signal wrapped = parseValid(parser, parser.example()).get(0);
        assertThat(wrapped.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(wrapped.asset().hostname()).isEqualTo("ip-10-0-0-12.ec2.internal");
        assertThat(wrapped.asset().environment()).isEqualTo("prod");
        assertThat(wrapped.observedAt()).isEqualTo(Instant.parse("2024-05-01T09:59:00Z"));
        Signal archived = parseValid(parser, parser.example().replace("\"archived\":false", "\"archived\":true")).get(0);
        assertThat(archived.status()).isEqualTo(SignalStatus.RESOLVED);
    }

    @Test
    void shouldNameMissingFields() {
        assertThatThrownBy(() -> parser.parse("{\"Findings\":[{\"SchemaVersion\":\"2018-10-08\",\"Title\":\"x\"}]}"
                .getBytes(StandardCharsets.UTF_8), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/Findings/0/Id"));
        assertThatThrownBy(() -> parser.parse("{\"hello\":1}".getBytes(StandardCharsets.UTF_8), CONTEXT))
                .isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> parser.parse("{\"detail-type\":\"GuardDuty Finding\",\"detail\":{\"id\":\"x\"}}"
                .getBytes(StandardCharsets.UTF_8), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/detail/type"));
    }
}
