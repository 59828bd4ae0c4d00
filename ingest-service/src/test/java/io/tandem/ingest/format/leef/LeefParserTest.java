package io.tandem.ingest.format.leef;

import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.Samples;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.tandem.ingest.format.SignalAssertions.CONTEXT;
import static io.tandem.ingest.format.SignalAssertions.observable;
import static io.tandem.ingest.format.SignalAssertions.parseValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeefParserTest {

    private final LeefParser parser = new LeefParser();

    @Test
    void shouldMapSyslogFramedLeef2WithCaretDelimiter() {
        Signal s = parseValid(parser, Samples.read("leef", "sc4s_docs_lancope_stealthwatch_leef2_syslog.log")).get(0);

        assertThat(s.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(s.category()).isEqualTo("anomaly");
        assertThat(s.title()).isEqualTo("StealthWatch 41");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2025-04-19T10:29:53Z"));
        assertThat(s.asset().ip()).isEqualTo("172.50.123.1");
        assertThat(s.labels()).containsEntry("syslog.host", "3.3.3.3").containsEntry("dstPort", "21")
                .containsEntry("leef.version", "2.0");
        assertThat(s.observables()).contains(observable(ObservableType.USER, "joe.black", "usrName"))
                .contains(observable(ObservableType.IP, "192.0.2.0", "src"));
    }

    @Test
    void shouldMapTabDelimitedCyberArkAuthenticationFailure() {
        Signal s = parseValid(parser, Samples.read("leef", "sekoia_cyberark_vault_authentication_failure_leef.log")).get(0);

        assertThat(s.severity()).isEqualTo(Severity.LOW);
        assertThat(s.title()).isEqualTo("Vault 4");
        assertThat(s.description()).isEqualTo("User Authentication");
        assertThat(s.asset().ip()).isEqualTo("1.1.1.1");
        assertThat(s.labels()).containsEntry("Action", "User Authentication").containsEntry("shost", "1.1.1.1");
        assertThat(s.observables()).contains(observable(ObservableType.USER, "toto", "usrName"));
    }

    @Test
    void shouldMapWatchGuardDenyOnTheInternalDestination() {
        Signal s = parseValid(parser, Samples.read("leef", "sekoia_watchguard_firebox_connection_deny_leef.log")).get(0);

        assertThat(s.severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(s.asset().ip()).isEqualTo("192.168.1.2");
        assertThat(s.labels()).containsEntry("disp", "Deny").containsEntry("policy", "Internal Policy");
        assertThat(s.description()).startsWith("tcp syn checking failed");
        assertThat(s.observables()).contains(observable(ObservableType.IP, "1.2.3.4", "src"));
    }

    @Test
    void shouldMapBothVersionsOfTheTenzirSample() {
        List<Signal> signals = parseValid(parser, Samples.read("leef", "tenzir_docs_leef1_tab_and_leef2_caret.log"));

        assertThat(signals).hasSize(2);
        assertThat(signals.get(0).asset().ip()).isEqualTo("10.50.1.1");
        assertThat(signals.get(0).labels()).containsEntry("spt", "1200");
        assertThat(signals.get(1).asset().ip()).isEqualTo("10.0.0.5");
        assertThat(signals.get(1).severity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void shouldGuessTheCaretDelimiterOfTrellixLeef1() {
        Signal s = parseValid(parser, Samples.read("leef", "trellix_nx_domain_match_leef.log")).get(0);

        assertThat(s.severity()).isEqualTo(Severity.LOW);
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2020-06-29T08:35:55Z"));
        assertThat(s.asset().hostname()).isEqualTo("abc.mrl.trellix.com");
        assertThat(s.labels()).containsEntry("sname", "Trojan.Win32.Dogrobot.gen.E")
                .containsEntry("link", "https://abc.mrl.trellix.com/event_stream/events_for_bot?ev_ id=226");
        assertThat(s.observables()).contains(observable(ObservableType.DOMAIN, "the.microgood.net", "cncHost"))
                .contains(observable(ObservableType.MAC, "92:73:75:00:00:35", "srcMAC"));
    }

    @Test
    void shouldHonourHexDelimiterAndDevTimeFormat() {
        Signal s = parseValid(parser, parser.example()).get(0);

        assertThat(s.severity()).isEqualTo(Severity.HIGH);
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(s.asset().ip()).isEqualTo("10.0.0.8");
        assertThat(s.labels()).containsEntry("cat", "recon");

        Signal pipes = parseValid(parser, "LEEF:2.0|V|P|1|E|0x7C|src=10.1.1.1|sev=9|devTime=1714557600000").get(0);
        assertThat(pipes.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(pipes.observedAt()).isEqualTo(Instant.ofEpochMilli(1714557600000L));
        Signal tabDefault = parseValid(parser, "LEEF:2.0|V|P|1|E||src=10.1.1.1\tsev=2").get(0);
        assertThat(tabDefault.severity()).isEqualTo(Severity.LOW);
    }

    @Test
    void shouldRejectRecordsWithoutAHeader() {
        assertThatThrownBy(() -> parser.parse("LEEF:1.0|V|P|1.0\n".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.field()).isEqualTo("EventID");
                });
        assertThatThrownBy(() -> parser.parse("LEEF:1.0|V|P|1|E|a=b\nCEF:0|x".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.line()).isEqualTo(2));
        assertThatThrownBy(() -> parser.parse("LEEF:9.9|V|P|1|E|a=b".getBytes(), CONTEXT))
                .isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> parser.parse("LEEF:2.0|V|P|1|E|xZZ|a=b".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("DelimiterCharacter"));
    }
}
