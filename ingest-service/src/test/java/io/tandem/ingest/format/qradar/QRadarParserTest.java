package io.tandem.ingest.format.qradar;

import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.Samples;
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

class QRadarParserTest {

    private final QRadarParser parser = new QRadarParser();

    @Test
    void shouldMapTheApiOffense() {
        Signal s = parseValid(parser, Samples.read("qradar", "qradar_offense_api.json")).get(0);

        assertThat(s.title()).isEqualTo("BLEEDING-EDGE DOS -ISC- ICMP blind TCP reset DoS guessing attempt");
        assertThat(s.severity()).as("magnitude 3").isEqualTo(Severity.LOW);
        assertThat(s.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(s.fingerprint()).isEqualTo("qradar:591");
        assertThat(s.observedAt()).isEqualTo(Instant.ofEpochMilli(1682347469220L));
        assertThat(s.category()).isEqualTo("ICMP DoS");
        assertThat(s.labels()).containsEntry("qradar.severity", "8").containsEntry("qradar.log_sources", "Snort @ wolverine")
                .containsEntry("qradar.offense_source", "BLEEDING-EDGE DOS -ISC- ICMP blind TCP reset DoS guessing attempt");
    }

    @Test
    void shouldMapSourceIpOffensesAndClosing() {
        Signal open = parseValid(parser, parser.example()).get(0);
        assertThat(open.severity()).isEqualTo(Severity.HIGH);
        assertThat(open.asset().ip()).isEqualTo("203.0.113.66");
        assertThat(open.observables()).contains(observable(ObservableType.IP, "203.0.113.66", "offense_source"));

        String closed = "[" + parser.example().strip().replace("\"OPEN\"", "\"CLOSED\"")
                .replace("\"close_time\":null", "\"close_time\":1714561200000") + "]";
        Signal resolved = parseValid(parser, closed).get(0);
        assertThat(resolved.status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(resolved.observedAt()).isEqualTo(Instant.ofEpochMilli(1714561200000L));
        assertThat(resolved.fingerprint()).isEqualTo(open.fingerprint());
        assertThat(resolved.id()).isNotEqualTo(open.id());
    }

    @Test
    void shouldRequireTheOffenseId() {
        assertThatThrownBy(() -> parser.parse("{\"description\":\"x\"}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/id"));
        assertThatThrownBy(() -> parser.parse("[{\"id\":1},{\"id\":{}}]".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/1/id"));
    }
}
