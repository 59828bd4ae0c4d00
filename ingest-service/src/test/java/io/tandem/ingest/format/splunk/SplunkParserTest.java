package io.tandem.ingest.format.splunk;

import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.Samples;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.tandem.ingest.format.SignalAssertions.CONTEXT;
import static io.tandem.ingest.format.SignalAssertions.INGESTED_AT;
import static io.tandem.ingest.format.SignalAssertions.observable;
import static io.tandem.ingest.format.SignalAssertions.parseValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SplunkParserTest {

    private final SplunkParser parser = new SplunkParser();

    @Test
    void shouldMapTheRealEzproxyWebhook() {
        Signal s = parseValid(parser, Samples.read("splunk", "splunk_webhook_real_sanitized_ezproxy.json")).get(0);

        assertThat(s.title()).isEqualTo("TEST - Webhook - Echo");
        assertThat(s.severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(s.kind()).isEqualTo(SignalKind.SECURITY);
        assertThat(s.sourceEventId()).isEqualTo("scheduler__abc0001__search__RMD5267e440bddd8ef1f_at_1581522000_11805");
        assertThat(s.observedAt()).isEqualTo(Instant.ofEpochSecond(1581517935));
        assertThat(s.asset().hostname()).isEqualTo("ezproxy");
        assertThat(s.observables()).contains(observable(ObservableType.IP, "192.168.2.3", "srcip"),
                observable(ObservableType.USER, "abc0001", "username"),
                observable(ObservableType.URL, "https://1.vendor.example.com:443/V1/Session/ExtendSessionActiveBrowser", "URL"));
        assertThat(s.description()).startsWith("192.168.2.3 - abc0001");
        assertThat(s.labels()).containsEntry("result.index", "ezproxy-http").containsEntry("splunk.app", "search");
    }

    @Test
    void shouldMapTheDocsExampleWithoutSearchName() {
        Signal s = parseValid(parser, Samples.read("splunk", "splunk_webhook_docs_example_mongod.json")).get(0);

        assertThat(s.title()).isEqualTo("Splunk search scheduler_admin_search_W2_at_14232356_132");
        assertThat(s.kind()).isEqualTo(SignalKind.OPERATIONAL);
        assertThat(s.category()).isEqualTo("mongod");
        assertThat(s.observedAt()).isEqualTo(INGESTED_AT);
        assertThat(s.labels()).containsEntry("result.count", "8");
    }

    @Test
    void shouldKeepTheFingerprintAcrossRunsOfOneSearch() {
        Signal first = parseValid(parser, parser.example()).get(0);
        Signal next = parseValid(parser, parser.example().replace("_42", "_43").replace("1714557600\"", "1714561200\"")).get(0);

        assertThat(first.severity()).isEqualTo(Severity.HIGH);
        assertThat(next.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(next.id()).isNotEqualTo(first.id());
    }

    @Test
    void shouldMapConcatenatedHecEvents() {
        String hec = """
                {"time":1714557600.5,"host":"10.0.0.9","source":"ids","sourcetype":"suricata","event":{"signature":"ET SCAN Nmap","src_ip":"203.0.113.1","severity":"high"}}{"time":"1714557601","host":"app-1","sourcetype":"app:log","event":"disk almost full","fields":{"severity":"warning","kind":"ops"}}
                """;
        List<Signal> signals = parseValid(parser, hec);

        assertThat(signals).hasSize(2);
        assertThat(signals.get(0).title()).isEqualTo("ET SCAN Nmap");
        assertThat(signals.get(0).asset().ip()).isEqualTo("10.0.0.9");
        assertThat(signals.get(0).severity()).isEqualTo(Severity.HIGH);
        assertThat(signals.get(0).kind()).isEqualTo(SignalKind.SECURITY);
        assertThat(signals.get(0).observedAt()).isEqualTo(Instant.parse("2024-05-01T10:00:00.5Z"));
        assertThat(signals.get(1).description()).isEqualTo("disk almost full");
        assertThat(signals.get(1).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(signals.get(1).kind()).isEqualTo(SignalKind.OPERATIONAL);
    }

    @Test
    void shouldRejectObjectsThatAreNeitherWebhookNorHec() {
        assertThatThrownBy(() -> parser.parse("{\"foo\":1}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/result"));
    }
}
