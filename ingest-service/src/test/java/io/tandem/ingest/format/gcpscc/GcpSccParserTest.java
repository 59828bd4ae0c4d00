package io.tandem.ingest.format.gcpscc;

import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.Samples;
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

class GcpSccParserTest {

    private final GcpSccParser parser = new GcpSccParser();

    @Test
    void shouldMapOpenFirewallNotification() {
        Signal s = parseValid(parser, Samples.read("gcp-scc", "scc_notification_sha_open_firewall_v2.json")).get(0);

        assertThat(s.category()).isEqualTo("OPEN_FIREWALL");
        assertThat(s.severity()).isEqualTo(Severity.HIGH);
        assertThat(s.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(s.kind()).isEqualTo(SignalKind.CONFIGURATION_CHANGE);
        assertThat(s.fingerprint()).isEqualTo("gcp-scc:organizations/0000000000/sources/0000000/findings/2087237f91e4904e344a624c98e52ae6");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2021-06-01T14:57:33.426Z"));
        assertThat(s.asset().cloudResourceId()).isEqualTo("//compute.googleapis.com/projects/test-project/global/firewalls/4695668982209007936");
        assertThat(s.asset().hostname()).isEqualTo("open-cassandra-port-tcp-7199");
        assertThat(s.labels()).containsEntry("gcp.project", "test-project")
                .containsEntry("scc.notificationConfigName", "organizations/0000000000/notificationConfigs/sampleConfigId")
                .containsEntry("securityMarks.sra-remediated-event-time", "2021-06-01T14:57:33.426Z");
    }

    @Test
    void shouldReadLegacySeverityLevelOfPublicBucketFinding() {
        Signal s = parseValid(parser, Samples.read("gcp-scc", "scc_notification_sha_public_bucket_acl.json")).get(0);

        assertThat(s.severity()).isEqualTo(Severity.HIGH);
        assertThat(s.kind()).isEqualTo(SignalKind.CONFIGURATION_CHANGE);
        assertThat(s.asset().cloudResourceId()).isEqualTo("//storage.googleapis.com/this-is-public-on-purpose");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2019-09-23T17:20:27.204Z"));
        assertThat(s.labels()).containsEntry("sourceProperties.ScannerName", "STORAGE_SCANNER");
    }

    @Test
    void shouldMapThreatFindingsAndInactiveState() {
        Signal s = parseValid(parser, parser.example()).get(0);
        assertThat(s.kind()).isEqualTo(SignalKind.SECURITY);
        assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(s.asset().hostname()).isEqualTo("web-1");
        assertThat(s.attack()).extracting(a -> a.tacticId() + "/" + a.technique())
                .containsExactly("TA0002/Command and scripting interpreter");
        assertThat(s.observables()).contains(observable(ObservableType.IP, "198.51.100.30", "indicator.ipAddresses"),
                observable(ObservableType.DOMAIN, "pool.mine.example", "indicator.domains"),
                observable(ObservableType.EMAIL, "svc@shop-prod.iam.gserviceaccount.com", "access.principalEmail"));

        Signal inactive = parseValid(parser, parser.example().replace("\"ACTIVE\"", "\"INACTIVE\"")).get(0);
        assertThat(inactive.status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(inactive.fingerprint()).isEqualTo(s.fingerprint());
        assertThat(inactive.id()).isNotEqualTo(s.id());

        Signal bare = parseValid(parser, "{\"name\":\"organizations/1/sources/2/findings/3\",\"category\":\"X\","
                + "\"findingClass\":\"VULNERABILITY\",\"vulnerability\":{\"cve\":{\"id\":\"CVE-2021-44228\","
                + "\"cvssv3\":{\"baseScore\":10}}}}").get(0);
        assertThat(bare.kind()).isEqualTo(SignalKind.VULNERABILITY);
        assertThat(bare.vulnerability().cves()).containsExactly("CVE-2021-44228");
    }

    @Test
    void shouldNameMissingFinding() {
        assertThatThrownBy(() -> parser.parse("{\"notificationConfigName\":\"x\"}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/finding"));
        assertThatThrownBy(() -> parser.parse("{\"finding\":{\"name\":\"n\"}}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/finding/category"));
    }
}
