package io.tandem.ingest.format.alertmanager;

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
import java.util.Map;

import static io.tandem.ingest.format.SignalAssertions.CONTEXT;
import static io.tandem.ingest.format.SignalAssertions.INGESTED_AT;
import static io.tandem.ingest.format.SignalAssertions.observable;
import static io.tandem.ingest.format.SignalAssertions.parseValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertmanagerParserTest {

    private final AlertmanagerParser parser = new AlertmanagerParser();

    @Test
    void shouldMapTheOneAlertWebhookSample() {
        List<Signal> signals = parseValid(parser, Samples.read("alertmanager", "prometheus_msteams_fixture_one_alert.json"));

        assertThat(signals).hasSize(1);
        Signal s = signals.get(0);
        assertThat(s.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(s.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(s.kind()).isEqualTo(SignalKind.OPERATIONAL);
        assertThat(s.title()).isEqualTo("high_memory_load: Server High Memory usage");
        assertThat(s.description()).isEqualTo("10.80.40.11 reported high memory usage with 23.28%.");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2018-03-07T11:33:21.873077559Z"));
        assertThat(s.asset().hostname()).isEqualTo("instance-with-hyphen_and_underscore");
        assertThat(s.asset().service()).isEqualTo("docker_nodes");
        assertThat(s.fingerprint()).matches("alertmanager:[0-9a-f]{16}")
                .isEqualTo("alertmanager:" + AlertmanagerAlerts.fingerprint(Map.of("alertname", "high_memory_load",
                        "instance", "instance-with-hyphen_and_underscore", "job", "docker_nodes", "monitor", "master",
                        "severity", "warning")));
        assertThat(s.labels()).containsEntry("monitor", "master")
                .containsEntry("annotation.summary", "Server High Memory usage")
                .containsEntry("alertmanager.receiver", "teams_proxy");
    }

    @Test
    void shouldMapEachAlertOfTheMultiAlertSample() {
        List<Signal> signals = parseValid(parser, Samples.read("alertmanager", "prometheus_msteams_fixture_multi_alert.json"));

        assertThat(signals).hasSize(2);
        assertThat(signals).extracting(Signal::description).containsExactly(
                "10.80.40.11 reported high memory usage with 23.28%.",
                "10.80.40.12 reported high memory usage with 33.28%.");
        // The fixture repeats one label set: to Alertmanager that is one alert, so one fingerprint and one id.
        assertThat(signals.get(0).fingerprint()).isEqualTo(signals.get(1).fingerprint());
        assertThat(signals.get(0).id()).isEqualTo(signals.get(1).id());
    }

    @Test
    void shouldRejectTheAnnotatedSchemaFromTheDocs() {
        byte[] schema = Samples.read("alertmanager", "webhook_v4_schema_from_alertmanager_docs.txt");
        assertThatThrownBy(() -> parser.parse(schema, CONTEXT)).isInstanceOf(ParseException.class)
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void shouldComputePrometheusLabelSetFingerprint() {
        // Grafana's webhook test carries the fingerprint Grafana computed for exactly these labels.
        assertThat(AlertmanagerAlerts.fingerprint(Map.of("alertname", "alert1", "lbl1", "val1")))
                .isEqualTo("fac0861a85de433a");
        assertThat(AlertmanagerAlerts.fingerprint(Map.of())).isEqualTo("cbf29ce484222325");
    }

    @Test
    void shouldMapResolvedWebhookAlertAsADifferentSignalThanTheFire() {
        String firing = webhook("firing", "2024-05-01T10:00:00Z", "0001-01-01T00:00:00Z");
        String resolved = webhook("resolved", "2024-05-01T10:00:00Z", "2024-05-01T10:25:00Z");

        Signal fire = parseValid(parser, firing).get(0);
        Signal resolve = parseValid(parser, resolved).get(0);

        assertThat(fire.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(fire.observedAt()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(resolve.status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(resolve.observedAt()).isEqualTo(Instant.parse("2024-05-01T10:25:00Z"));
        assertThat(resolve.fingerprint()).isEqualTo(fire.fingerprint()).isEqualTo("alertmanager:5f3b6a1c0d9e8f27");
        assertThat(resolve.id()).isNotEqualTo(fire.id());
        assertThat(parseValid(parser, firing).get(0).id()).isEqualTo(fire.id());
    }

    @Test
    void shouldMapInstanceDownAsAvailabilityOnTheInstanceIp() {
        Signal s = parseValid(parser, webhook("firing", "2024-05-01T10:00:00Z", "0001-01-01T00:00:00Z")).get(0);

        assertThat(s.kind()).isEqualTo(SignalKind.AVAILABILITY);
        assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(s.asset().ip()).isEqualTo("10.0.4.12");
        assertThat(s.asset().service()).isEqualTo("node");
        assertThat(s.asset().environment()).isEqualTo("prod");
        assertThat(s.observables()).contains(observable(ObservableType.IP, "10.0.4.12", "instance"));
        assertThat(s.labels()).containsEntry("alertmanager.generatorURL", "http://prometheus:9090/graph");
    }

    @Test
    void shouldReadApiV2PostableAlertsDerivingStatusFromEndsAtAndFingerprintFromLabels() {
        String body = """
                [{"labels":{"alertname":"DiskFull","instance":"db-1:9100","severity":"warning","kind":"security"},
                  "annotations":{"summary":"disk"},"startsAt":"2025-06-01T11:00:00Z","endsAt":"2025-06-01T11:30:00Z",
                  "generatorURL":"http://prometheus/graph"},
                 {"labels":{"alertname":"DiskFull","instance":"db-2:9100"},"startsAt":"2025-06-01T11:00:00Z",
                  "endsAt":"2025-06-01T12:30:00Z"}]
                """;
        List<Signal> signals = parseValid(parser, body);

        assertThat(signals).hasSize(2);
        assertThat(signals.get(0).status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(signals.get(0).observedAt()).isEqualTo(Instant.parse("2025-06-01T11:30:00Z"));
        assertThat(signals.get(0).kind()).isEqualTo(SignalKind.SECURITY);
        assertThat(signals.get(0).asset().hostname()).isEqualTo("db-1");
        assertThat(signals.get(0).fingerprint()).isEqualTo("alertmanager:" + AlertmanagerAlerts.fingerprint(Map.of(
                "alertname", "DiskFull", "instance", "db-1:9100", "severity", "warning", "kind", "security")));
        assertThat(signals.get(1).status()).isEqualTo(SignalStatus.FIRING);
        assertThat(signals.get(1).severity()).isEqualTo(Severity.UNKNOWN);
    }

    @Test
    void shouldFallBackToIngestionTimeWithoutStartsAt() {
        Signal s = parseValid(parser, "{\"labels\":{\"alertname\":\"Watchdog\"}}").get(0);
        assertThat(s.observedAt()).isEqualTo(INGESTED_AT);
        assertThat(s.title()).isEqualTo("Watchdog");
    }

    @Test
    void shouldNameTheOffendingField() {
        assertThatThrownBy(() -> parser.parse("{\"version\":\"4\"}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/alerts"));
        assertThatThrownBy(() -> parser.parse("{\"alerts\":[{\"annotations\":{}}]}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/alerts/0/labels"));
        assertThatThrownBy(() -> parser.parse("{\"alerts\":[{\"labels\":{},\"startsAt\":\"yesterday\"}]}".getBytes(),
                CONTEXT)).isInstanceOfSatisfying(ParseException.class,
                e -> assertThat(e.field()).isEqualTo("/alerts/0/startsAt"));
        assertThatThrownBy(() -> parser.parse("{\"alerts\":[]}".getBytes(), CONTEXT)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> parser.parse("{\"alerts\":[".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.line()).isEqualTo(1));
    }

    @Test
    void shouldParseItsOwnExample() {
        assertThat(parseValid(parser, parser.example())).hasSize(1);
    }

    private static String webhook(String status, String startsAt, String endsAt) {
        return """
                {"version":"4","status":"%1$s","receiver":"tandem","groupKey":"g","externalURL":"http://am:9093",
                 "alerts":[{"status":"%1$s","labels":{"alertname":"InstanceDown","instance":"10.0.4.12:9100","job":"node",
                 "env":"prod","severity":"critical"},"annotations":{"summary":"down"},"startsAt":"%2$s","endsAt":"%3$s",
                 "generatorURL":"http://prometheus:9090/graph","fingerprint":"5f3b6a1c0d9e8f27"}]}
                """.formatted(status, startsAt, endsAt);
    }
}
