package io.tandem.ingest.format.suricata;

import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.Samples;
import io.tandem.model.signal.AttackRef;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.tandem.ingest.format.SignalAssertions.CONTEXT;
import static io.tandem.ingest.format.SignalAssertions.observable;
import static io.tandem.ingest.format.SignalAssertions.parseValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuricataParserTest {

    private final SuricataParser parser = new SuricataParser();

    @Test
    void shouldMapTheHuntingPostAlert() {
        Signal s = parseValid(parser, Samples.read("suricata", "eve_alert_http_hunting_post.json")).get(0);

        assertThat(s.title()).isEqualTo("ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad with Fake Browser 1");
        assertThat(s.category()).isEqualTo("Potentially Bad Traffic");
        assertThat(s.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(s.kind()).isEqualTo(SignalKind.SECURITY);
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2017-04-07T21:24:37.251547Z"));
        assertThat(s.asset().ip()).isEqualTo("192.168.2.14");
        assertThat(s.observables()).contains(observable(ObservableType.IP, "209.53.113.5", "dest_ip"));
        assertThat(s.labels()).containsEntry("suricata.signature_id", "2018358").containsEntry("flow_id", "586497171462735")
                .containsEntry("metadata.flowbits", "http.dottedquadhost");
    }

    @Test
    void shouldMapTheLeftHookAlertWithHttpAndMacs() {
        Signal s = parseValid(parser, Samples.read("suricata", "eve_alert_http_lefthook_with_flow.json")).get(0);

        assertThat(s.severity()).isEqualTo(Severity.HIGH);
        assertThat(s.asset().ip()).isEqualTo("192.168.100.237");
        assertThat(s.observables()).contains(observable(ObservableType.IP, "142.11.240.191", "src_ip"))
                .contains(observable(ObservableType.MAC, "52:54:00:36:3e:ff", "ether.src_mac"))
                .contains(observable(ObservableType.URL, "http://142.11.240.191/", "http.url"));
        assertThat(s.labels()).containsEntry("suricata.metadata.signature_severity", "Major");
    }

    @Test
    void shouldKeepTheRedactedAddressAsOtherEvidence() {
        Signal s = parseValid(parser, Samples.read("suricata", "eve_alert_minimal_btgrab.json")).get(0);

        assertThat(s.observedAt()).as("no zone means UTC").isEqualTo(Instant.parse("2009-11-24T21:27:09.534255Z"));
        assertThat(s.asset().ip()).isEqualTo("192.168.2.7");
        assertThat(s.observables()).contains(observable(ObservableType.OTHER, "x.x.250.50", "dest_ip"));
    }

    @Test
    void shouldReadNdjsonSkippingNonAlertEventsAndMapRuleMetadataToAttack() {
        List<Signal> signals = parseValid(parser, parser.example());

        assertThat(signals).hasSize(1);
        Signal s = signals.get(0);
        assertThat(s.asset().hostname()).isEqualTo("sensor-1");
        assertThat(s.asset().ip()).isEqualTo("10.0.0.20");
        assertThat(s.attack()).containsExactly(new AttackRef("TA0043", "Reconnaissance", "T1595", "Active Scanning"));
        assertThat(parseValid(parser, parser.example()).get(0).id()).isEqualTo(s.id());
        assertThat(s.fingerprint()).isEqualTo(parseValid(parser, parser.example().replace("10:00:00.123456", "11:00:00.0"))
                .get(0).fingerprint());
    }

    @Test
    void shouldRejectStreamsWithoutAlertsOrEventType() {
        assertThatThrownBy(() -> parser.parse("{\"event_type\":\"flow\"}\n{\"event_type\":\"dns\"}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/event_type"));
        assertThatThrownBy(() -> parser.parse("{\"alert\":{}}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/event_type"));
        assertThatThrownBy(() -> parser.parse("{\"event_type\":\"alert\"}\n{broken".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.line()).isEqualTo(2));
    }
}
