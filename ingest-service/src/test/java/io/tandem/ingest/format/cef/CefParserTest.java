package io.tandem.ingest.format.cef;

import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.Samples;
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

class CefParserTest {

    private final CefParser parser = new CefParser();

    @Test
    void shouldMapEveryForcepointLine() {
        List<Signal> signals = parseValid(parser, Samples.read("cef", "forcepoint_ngfw_cef.log"));

        assertThat(signals).hasSize(10);
        Signal generic = signals.get(0);
        assertThat(generic.title()).isEqualTo("Generic");
        assertThat(generic.severity()).isEqualTo(Severity.INFORMATIONAL);
        assertThat(generic.observedAt()).isEqualTo(Instant.parse("2020-01-17T08:52:10Z"));
        assertThat(generic.asset().ip()).isEqualTo("10.1.1.40");
        assertThat(generic.asset().hostname()).isNull();
        assertThat(generic.labels()).containsEntry("cef.vendor", "FORCEPOINT").containsEntry("deviceFacility", "Logging System");

        Signal allowed = signals.get(2);
        assertThat(allowed.title()).isEqualTo("Connection_Allowed");
        assertThat(allowed.description()).isEqualTo("Referred connection: 10.1.1.40 -> 10.37.133.35 frag=0x4000 TCP 47413->3020");
        assertThat(allowed.labels()).containsEntry("RuleID", "2097157.1").doesNotContainKey("cs1Label")
                .containsEntry("app", "Dest. Unreachable (Host Unreachable)");
        assertThat(allowed.asset().ip()).isEqualTo("10.1.1.40");
        assertThat(allowed.observables()).contains(observable(ObservableType.IP, "10.37.205.252", "src"));

        assertThat(signals.get(5).observables()).contains(observable(ObservableType.USER, "alice", "suser"));
        assertThat(signals).extracting(Signal::kind).containsOnly(SignalKind.SECURITY);
        assertThat(signals).extracting(Signal::id).doesNotHaveDuplicates();
    }

    @Test
    void shouldMapTheLogstashSpecLinesIncludingSyslogPrefixAndCustomFields() {
        List<Signal> signals = parseValid(parser, Samples.read("cef", "logstash_codec_cef_spec_samples.log"));

        assertThat(signals).hasSize(5);
        Signal trojan = signals.get(0);
        assertThat(trojan.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(trojan.asset().ip()).isEqualTo("10.0.0.192");
        assertThat(trojan.observables()).contains(observable(ObservableType.IP, "12.121.122.82", "dst"));

        Signal gateway = signals.get(1);
        assertThat(gateway.severity()).isEqualTo(Severity.LOW);
        assertThat(gateway.category()).isEqualTo("Access Log");
        assertThat(gateway.observedAt()).isEqualTo(Instant.parse("2018-09-07T14:50:39Z"));
        assertThat(gateway.observables()).contains(observable(ObservableType.URL, "https://foo.example.com/bar/bingo/1", "request"));
        assertThat(gateway.labels()).containsEntry("requestClientApplication",
                "'Foo-Bar/2018.1.7; Email:user@example.com; Guid:test='");

        assertThat(signals.get(2).labels()).containsEntry("ad.nn", "TEST").containsEntry("deviceSeverity", "notice");
        assertThat(signals.get(3).observables()).contains(observable(ObservableType.MAC, "00:80:48:1c:24:91", "amac"))
                .contains(observable(ObservableType.DOMAIN, "destination.host.name", "dhost"));

        Signal prefixed = signals.get(4);
        assertThat(prefixed.labels()).containsEntry("syslog.host", "Sysloghost").containsEntry("pi", "3.1415926")
                .containsEntry("mersenne", "8191").containsEntry("theory", "silly");
        assertThat(prefixed.observables()).contains(observable(ObservableType.IP, "::1", "localhost"));
    }

    @Test
    void shouldMapCybereasonMalopWithHashAndLink() {
        Signal s = parseValid(parser, Samples.read("cef", "sekoia_cybereason_malop_created_cef.log")).get(0);

        assertThat(s.title()).isEqualTo("Malop Created");
        assertThat(s.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(s.observedAt()).isEqualTo(Instant.ofEpochMilli(1629701622409L));
        assertThat(s.labels()).containsEntry("MalopId", "11.4718101284717793977")
                .containsEntry("MalopDetectionType", "EXTENSION_MANIPULATION");
        assertThat(s.observables())
                .contains(observable(ObservableType.FILE_HASH, "bb9dbdca921d84381c893086f65ffca17120b23d", "MalopHashList"))
                .contains(observable(ObservableType.URL, "https://yourserver.cybereason.net:8443//#/malop/11.4718101284717793977", "IncidentLink"));
    }

    @Test
    void shouldMapPaloAltoThreat() {
        Signal s = parseValid(parser, Samples.read("cef", "sekoia_paloalto_ngfw_threat_spyware_cef.log")).get(0);

        assertThat(s.title()).isEqualTo("spyware");
        assertThat(s.severity()).isEqualTo(Severity.LOW);
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2021-03-01T20:48:21Z"));
        assertThat(s.labels()).containsEntry("Rule", "deny-attackers").containsEntry("FromZone", "datacenter")
                .containsEntry("PanOSUsers", "paloaltonetwork\\xxxxx");
        assertThat(s.observables())
                .contains(observable(ObservableType.IP, "fe80:110:8897:efab:9202:b3ff:fe1e:8329", "Source IPv6 Address"))
                .contains(observable(ObservableType.IP, "1.1.1.1", "sourceTranslatedAddress"))
                .contains(observable(ObservableType.USER, "xxxxx", "duser"))
                .contains(observable(ObservableType.OTHER, "some other fake filename", "request"));
    }

    @Test
    void shouldMapTrellixCallbackOnTheSensorWhenAddressesAreRedacted() {
        Signal s = parseValid(parser, Samples.read("cef", "trellix_nx_malware_callback_cef.log")).get(0);

        assertThat(s.severity()).isEqualTo(Severity.HIGH);
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2020-10-16T14:36:29Z"));
        assertThat(s.asset().hostname()).isEqualTo("abc.mrl.trellix.com");
        assertThat(s.asset().ip()).isEqualTo("10.5.6.126");
        assertThat(s.labels()).containsEntry("sname", "Trojan.Gootkit")
                .containsEntry("link", "https://abc.mrl.trellix.com/event_stream/events_for_bot?ev_id=88");
        assertThat(s.observables()).contains(observable(ObservableType.MAC, "00:0c:29:75:37:4a", "smac"))
                .contains(observable(ObservableType.OTHER, "xx.xxx.xxx.xxx", "src"));
        assertThat(s.sourceEventId()).isNull();
    }

    @Test
    void shouldUnescapeHeaderAndExtensionValues() {
        String line = "CEF:0|Ven\\|dor|Prod\\\\uct|1.0|7|Name with \\| pipe|Very-High|"
                + "msg=line one\\nline two with \\= sign and \\\\ slash cs2=x cs2Label=Custom Two "
                + "fileHash=d41d8cd98f00b204e9800998ecf8427e fname=evil.exe suser=bob";
        Signal s = parseValid(parser, line).get(0);

        assertThat(s.title()).isEqualTo("Name with | pipe");
        assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(s.labels()).containsEntry("cef.vendor", "Ven|dor").containsEntry("cef.product", "Prod\\uct")
                .containsEntry("Custom Two", "x");
        assertThat(s.description()).isEqualTo("line one\nline two with = sign and \\ slash");
        assertThat(s.observables()).contains(observable(ObservableType.FILE_HASH, "d41d8cd98f00b204e9800998ecf8427e", "fileHash"))
                .contains(observable(ObservableType.FILE, "evil.exe", "fname"));
        assertThat(s.observedAt()).isEqualTo(CONTEXT.ingestedAt());
    }

    @Test
    void shouldReadRfc5424HeaderAndKeepIdsStableAcrossRelays() {
        String record = "CEF:1|Acme|IDS|1|sig-9|Port scan|Medium|src=203.0.113.5 dst=10.2.0.9 externalId=abc-1";
        Signal direct = parseValid(parser, record).get(0);
        Signal relayed = parseValid(parser, "<134>1 2024-05-01T10:00:00.123Z relay-1 ids - - - " + record).get(0);

        assertThat(relayed.id()).isEqualTo(direct.id());
        assertThat(relayed.observedAt()).isEqualTo(Instant.parse("2024-05-01T10:00:00.123Z"));
        assertThat(direct.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(direct.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(direct.asset().ip()).isEqualTo("10.2.0.9");
        assertThat(direct.sourceEventId()).isNull();
        assertThat(parseValid(parser, parser.example())).hasSize(1);
    }

    @Test
    void shouldRejectLinesWithoutAFullHeaderNamingTheLine() {
        assertThatThrownBy(() -> parser.parse("CEF:0|a|b|c|d|e|5|src=1.2.3.4\nnot cef at all".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.line()).isEqualTo(2));
        assertThatThrownBy(() -> parser.parse("CEF:0|Vendor|Product|1.0".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.field()).isEqualTo("Device Event Class ID");
                });
        assertThatThrownBy(() -> parser.parse("CEF:zero|a|b|c|d|e|5|".getBytes(), CONTEXT))
                .isInstanceOf(ParseException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> parser.parse("\n \n".getBytes(), CONTEXT)).isInstanceOf(ParseException.class);
    }
}
