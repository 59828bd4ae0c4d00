package io.tandem.ingest.format.zabbix;

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
import static io.tandem.ingest.format.SignalAssertions.INGESTED_AT;
import static io.tandem.ingest.format.SignalAssertions.observable;
import static io.tandem.ingest.format.SignalAssertions.parseValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZabbixParserTest {

    private final ZabbixParser parser = new ZabbixParser();

    @Test
    void shouldMapGrafanaOnCallZabbixPayload() {
        Signal s = parseValid(parser, Samples.read("zabbix", "grafana_oncall_zabbix_integration_example_payload.json")).get(0);

        assertThat(s.title()).isEqualTo("TestAlert: The whole system is down");
        assertThat(s.fingerprint()).isEqualTo("zabbix:08d6891a-835c-e661-39fa-96b6a9e26552");
        assertThat(s.status()).as("state alerting").isEqualTo(SignalStatus.FIRING);
        assertThat(s.kind()).isEqualTo(SignalKind.AVAILABILITY);
        assertThat(s.observedAt()).isEqualTo(INGESTED_AT);
        assertThat(s.labels()).containsEntry("zabbix.link_to_upstream_details", "https://en.wikipedia.org/wiki/Downtime");
    }

    @Test
    void shouldMapMediaTypeProblemAndRecovery() {
        Signal problem = parseValid(parser, parser.example()).get(0);
        assertThat(problem.severity()).as("Average").isEqualTo(Severity.MEDIUM);
        assertThat(problem.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(problem.kind()).isEqualTo(SignalKind.AVAILABILITY);
        assertThat(problem.observedAt()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(problem.asset().hostname()).isEqualTo("db-1");
        assertThat(problem.asset().ip()).isEqualTo("10.0.3.20");
        assertThat(problem.asset().service()).isEqualTo("postgres");
        assertThat(problem.observables()).contains(observable(ObservableType.IP, "10.0.3.20", "host_ip"));

        String recovery = parser.example().replace("\"event_value\":\"1\"", "\"event_value\":\"0\"")
                .replace("\"PROBLEM\"", "\"RESOLVED\"").replace("\"event_time\":\"10:00:00\"",
                        "\"event_time\":\"10:00:00\",\"event_recovery_date\":\"2024.05.01\",\"event_recovery_time\":\"10:12:00\"");
        Signal resolved = parseValid(parser, recovery).get(0);
        assertThat(resolved.status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(resolved.observedAt()).isEqualTo(Instant.parse("2024-05-01T10:12:00Z"));
        assertThat(resolved.fingerprint()).isEqualTo(problem.fingerprint()).isEqualTo("zabbix:48213");
        assertThat(resolved.id()).isNotEqualTo(problem.id());
    }

    @Test
    void shouldReadMacroNamedKeysSeverityNamesAndIgnoreUnexpandedMacros() {
        Signal s = parseValid(parser, "{\"EVENT.ID\":\"9\",\"EVENT.NAME\":\"High CPU\",\"EVENT.SEVERITY\":\"Disaster\","
                + "\"HOST.NAME\":\"{HOST.NAME}\",\"HOST.IP\":\"192.0.2.8\"}").get(0);
        assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(s.asset().hostname()).isNull();
        assertThat(s.asset().ip()).isEqualTo("192.0.2.8");
        assertThat(parseValid(parser, "{\"event_id\":\"1\",\"event_severity\":\"Warning\"}").get(0).severity())
                .isEqualTo(Severity.LOW);
    }

    @Test
    void shouldRequireAnEventIdentity() {
        assertThatThrownBy(() -> parser.parse("{\"host_name\":\"db-1\"}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/event_id"));
    }
}
