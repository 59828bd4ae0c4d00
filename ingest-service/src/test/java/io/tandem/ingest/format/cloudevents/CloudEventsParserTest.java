package io.tandem.ingest.format.cloudevents;

import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.Samples;
import io.tandem.ingest.format.support.SignalIds;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.tandem.ingest.format.SignalAssertions.CONTEXT;
import static io.tandem.ingest.format.SignalAssertions.INGESTED_AT;
import static io.tandem.ingest.format.SignalAssertions.observable;
import static io.tandem.ingest.format.SignalAssertions.parseValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventsParserTest {

    private final CloudEventsParser parser = new CloudEventsParser();

    @Test
    void shouldMapEachEventOfTheBatch() {
        List<Signal> signals = parseValid(parser, Samples.read("cloudevents", "batch_two_events.json"));

        assertThat(signals).hasSize(2);
        assertThat(signals).extracting(Signal::sourceEventId).containsExactly("B234-1234-1234", "C234-1234-1234");
        assertThat(signals.get(0).observedAt()).isEqualTo(Instant.parse("2018-04-05T17:31:00Z"));
        assertThat(signals.get(0).labels()).containsEntry("ce.comexampleextension1", "value")
                .containsEntry("ce.comexampleothervalue", "5");
        assertThat(signals.get(1).labels()).containsEntry("data.appinfoA", "abc").containsEntry("data.appinfoB", "123");
        assertThat(signals.get(1).fingerprint()).isEqualTo("cloudevents:/mycontext/9||com.example.someotherevent");
    }

    @Test
    void shouldMapTheSingleEventSamples() {
        Signal base64 = parseValid(parser, Samples.read("cloudevents", "structured_data_base64_minimal.json")).get(0);
        assertThat(base64.labels()).as("decoded data_base64").containsEntry("data.xyz", "123");
        assertThat(base64.observedAt()).isEqualTo(INGESTED_AT);

        Signal object = parseValid(parser, Samples.read("cloudevents", "structured_json_data_object.json")).get(0);
        assertThat(object.title()).isEqualTo("com.example.someevent");
        assertThat(object.kind()).isEqualTo(SignalKind.OPERATIONAL);

        Signal xml = parseValid(parser, Samples.read("cloudevents", "structured_xml_string_data_null_extension.json")).get(0);
        assertThat(xml.description()).isEqualTo("<much wow=\"xml\"/>");
        assertThat(xml.labels()).doesNotContainKey("ce.unsetextension").containsEntry("ce.datacontenttype", "application/xml");
        assertThat(xml.id()).as("source + id").isEqualTo(SignalIds.of("cloudevents", "/mycontext|B234-1234-1234"));
    }

    @Test
    void shouldReadAlertShapedDataLoosely() {
        Signal s = parseValid(parser, parser.example()).get(0);
        assertThat(s.title()).isEqualTo("Health check failing for checkout-api");
        assertThat(s.severity()).isEqualTo(Severity.HIGH);
        assertThat(s.kind()).isEqualTo(SignalKind.AVAILABILITY);
        assertThat(s.asset().hostname()).isEqualTo("checkout-1");
        assertThat(s.asset().ip()).isEqualTo("10.0.5.10");
        assertThat(s.observables()).contains(observable(ObservableType.IP, "10.0.5.10", "data.ip"));
        Signal resolved = parseValid(parser, parser.example().replace("\"firing\"", "\"resolved\"")
                .replace("e7c1f6a2", "f8d2a7b3")).get(0);
        assertThat(resolved.status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(resolved.fingerprint()).isEqualTo(s.fingerprint());
    }

    @Test
    void shouldRequireTheContextAttributes() {
        assertThatThrownBy(() -> parser.parse("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\"}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/type"));
        assertThatThrownBy(() -> parser.parse("[{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"},{}]".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/1/specversion"));
        assertThatThrownBy(() -> parser.parse("[]".getBytes(), CONTEXT)).isInstanceOf(ParseException.class);
    }
}
