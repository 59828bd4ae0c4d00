package io.tandem.ingest.format.sentinel;

import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.Samples;
import io.tandem.model.signal.AttackRef;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.tandem.ingest.format.SignalAssertions.CONTEXT;
import static io.tandem.ingest.format.SignalAssertions.observable;
import static io.tandem.ingest.format.SignalAssertions.parseValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SentinelParserTest {

    private final SentinelParser parser = new SentinelParser();

    @Test
    void shouldMapRestApiIncident() {
        Signal s = parseValid(parser, Samples.read("sentinel", "sentinel_rest_api_get_incident_example.json")).get(0);

        assertThat(s.title()).isEqualTo("My incident");
        assertThat(s.severity()).isEqualTo(Severity.HIGH);
        assertThat(s.status()).as("Closed").isEqualTo(SignalStatus.RESOLVED);
        assertThat(s.fingerprint()).endsWith("/incidents/73e01a99-5cd7-4139-a149-9f2736ff2ab5").startsWith("sentinel:/subscriptions/");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2019-01-01T13:15:30Z"));
        assertThat(s.attack()).containsExactly(new AttackRef("TA0001", "Initial Access", null, null),
                new AttackRef("TA0003", "Persistence", null, null));
        assertThat(s.labels()).containsEntry("sentinel.incidentNumber", "3177")
                .containsEntry("sentinel.classification", "FalsePositive").containsEntry("sentinel.owner", "john doe");
    }

    @Test
    void shouldMapSdkSerializedIncident() {
        Signal s = parseValid(parser, Samples.read("sentinel", "sekoia_sentinel_incident_sdk_serialized.json")).get(0);

        assertThat(s.title()).isEqualTo("test 11");
        assertThat(s.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(s.status()).as("New").isEqualTo(SignalStatus.FIRING);
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2025-02-03T13:32:12.236416Z"));
        assertThat(s.labels()).containsEntry("sentinel.incidentNumber", "11").containsEntry("sentinel.owner", "joe doe");
    }

    @Test
    void shouldMapDefenderAlertEvidenceRecord() {
        Signal s = parseValid(parser, Samples.read("sentinel", "sekoia_defender_xdr_stream_alertevidence_process.json")).get(0);

        assertThat(s.title()).isEqualTo("Executable content from email blocked");
        assertThat(s.severity()).isEqualTo(Severity.LOW);
        assertThat(s.fingerprint()).isEqualTo("sentinel:da33333333-3333-3333-3333-333333333333_1");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2023-09-28T16:15:29.9227997Z"));
        assertThat(s.asset().hostname()).isEqualTo("vm0242");
        assertThat(s.observables()).contains(
                observable(ObservableType.FILE_HASH, "01ba4719c80b6fe911b091a7c05124b64eeece964e09c058ef8f9805daca546b", "SHA256"),
                observable(ObservableType.PROCESS, "splwow64.exe 8192", "ProcessCommandLine"),
                observable(ObservableType.USER, "mgarcia", "AdditionalFields.Account.Name"));
        assertThat(s.attack()).contains(new AttackRef("TA0001", "Initial Access", null, null),
                new AttackRef(null, null, "T1036", "Masquerading"),
                new AttackRef(null, null, "T1566.001", "Spearphishing Attachment"));
    }

    @Test
    void shouldMapGraphSecurityAlertWithEvidence() {
        Signal s = parseValid(parser, parser.example()).get(0);

        assertThat(s.severity()).isEqualTo(Severity.HIGH);
        assertThat(s.asset().hostname()).isEqualTo("laptop-7.contoso.com");
        assertThat(s.attack()).contains(new AttackRef("TA0005", "Defense Evasion", null, null),
                new AttackRef(null, null, "T1564.001", null));
        assertThat(s.observables()).contains(observable(ObservableType.IP, "203.0.113.77", "evidence.ipAddress"),
                observable(ObservableType.USER, "jdoe", "evidence.userAccount.accountName"));
        Signal resolved = parseValid(parser, "{\"value\":[" + parser.example().strip().replace("\"new\"", "\"resolved\"")
                .replace("10:05:00Z", "11:00:00Z") + "]}").get(0);
        assertThat(resolved.status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(resolved.fingerprint()).isEqualTo(s.fingerprint());
        assertThat(resolved.id()).isNotEqualTo(s.id());
    }

    @Test
    void shouldRejectObjectsWithNeitherTitleNorId() {
        assertThatThrownBy(() -> parser.parse("{\"properties\":{\"severity\":\"High\"}}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/properties/title"));
        assertThatThrownBy(() -> parser.parse("{\"value\":[]}".getBytes(), CONTEXT)).isInstanceOf(ParseException.class);
    }
}
