package io.tandem.ingest.format.grafana;

import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.Samples;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.tandem.ingest.format.SignalAssertions.CONTEXT;
import static io.tandem.ingest.format.SignalAssertions.INGESTED_AT;
import static io.tandem.ingest.format.SignalAssertions.parseValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrafanaParserTest {

    private final GrafanaParser parser = new GrafanaParser();

    @Test
    void shouldMapTheWebhookTestSampleWithGrafanasFingerprint() {
        List<Signal> signals = parseValid(parser, Samples.read("grafana", "grafana_alerting_webhook_v1_test_one_alert.json"));

        assertThat(signals).hasSize(1);
        Signal s = signals.get(0);
        assertThat(s.fingerprint()).isEqualTo("grafana:fac0861a85de433a");
        assertThat(s.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(s.severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(s.title()).isEqualTo("alert1");
        assertThat(s.observedAt()).as("startsAt is Go's zero time").isEqualTo(INGESTED_AT);
        assertThat(s.labels()).containsEntry("lbl1", "val1").containsEntry("annotation.ann1", "annv1")
                .containsEntry("grafana.orgId", "1").containsEntry("grafana.receiver", "my_receiver");
    }

    @Test
    void shouldMapBothAlertsOfTheDocsSample() {
        List<Signal> signals = parseValid(parser, Samples.read("grafana", "grafana_webhook_docs_two_firing.json"));

        assertThat(signals).hasSize(2);
        assertThat(signals).extracting(Signal::fingerprint)
                .containsExactly("grafana:c6eadffa33fcdf37", "grafana:bc97ff14869b13e3");
        Signal first = signals.get(0);
        assertThat(first.title()).isEqualTo("High memory usage: This alert was triggered for zone us-1");
        assertThat(first.description()).isEqualTo("The system has high memory usage");
        assertThat(first.observedAt()).isEqualTo(Instant.parse("2021-10-12T07:51:03.157076Z"));
        assertThat(first.labels()).containsEntry("zone", "us-1").containsEntry("grafana.values.B", "44.23943737541908");
        assertThat(signals.get(1).observedAt()).isEqualTo(Instant.parse("2021-10-12T07:56:03.157076Z"));
    }

    @Test
    void shouldMapResolvedUnifiedAlert() {
        Signal s = parseValid(parser, parser.example()).get(0);
        assertThat(s.status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2024-05-01T10:20:00Z"));
        assertThat(s.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(s.asset().hostname()).isEqualTo("db-1");
    }

    @Test
    void shouldMapLegacyDashboardAlerts() {
        String alerting = """
                {"title":"[Alerting] Ping loss","ruleId":7,"ruleName":"Ping loss","state":"alerting","orgId":1,
                 "ruleUrl":"http://grafana/d/x","message":"loss above 20%","tags":{"severity":"high"},
                 "evalMatches":[{"value":42,"metric":"loss","tags":{"host":"10.1.2.3"}}],"dashboardId":3,"panelId":2}
                """;
        Signal fire = parseValid(parser, alerting).get(0);
        Signal ok = parseValid(parser, alerting.replace("\"alerting\"", "\"ok\"")).get(0);

        assertThat(fire.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(fire.severity()).isEqualTo(Severity.HIGH);
        assertThat(fire.title()).isEqualTo("Ping loss");
        assertThat(fire.fingerprint()).isEqualTo("grafana:legacy:1:7");
        assertThat(fire.labels()).containsEntry("evalMatch.loss", "42").containsEntry("grafana.dashboardId", "3");
        assertThat(fire.observables()).extracting(o -> o.value()).contains("10.1.2.3");
        assertThat(ok.status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(ok.fingerprint()).isEqualTo(fire.fingerprint());
        assertThat(ok.id()).isNotEqualTo(fire.id());
        Signal noData = parseValid(parser, alerting.replace("\"alerting\"", "\"no_data\"")).get(0);
        assertThat(noData.kind()).isEqualTo(SignalKind.AVAILABILITY);
    }

    @Test
    void shouldRejectBodiesWithoutAlerts() {
        assertThatThrownBy(() -> parser.parse("{\"receiver\":\"x\"}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/alerts"));
        assertThatThrownBy(() -> parser.parse("[]".getBytes(), CONTEXT)).isInstanceOf(ParseException.class);
    }
}
