package io.tandem.ingest.format.datadog;

import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.Samples;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.tandem.ingest.format.SignalAssertions.CONTEXT;
import static io.tandem.ingest.format.SignalAssertions.INGESTED_AT;
import static io.tandem.ingest.format.SignalAssertions.parseValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatadogParserTest {

    private final DatadogParser parser = new DatadogParser();

    @Test
    void shouldPairTriggeredAndRecoveredLogMonitor() {
        Signal triggered = parseValid(parser, Samples.read("datadog", "keep_datadog_webhook_log_alert_triggered.json")).get(0);
        Signal recovered = parseValid(parser, Samples.read("datadog", "keep_datadog_webhook_log_alert_recovered.json")).get(0);

        assertThat(triggered.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(triggered.severity()).as("alert_type error").isEqualTo(Severity.HIGH);
        assertThat(triggered.title()).isEqualTo("[Triggered on {service:keep-api}] Error monitor");
        assertThat(triggered.observedAt()).isEqualTo(Instant.ofEpochMilli(1733930553000L));
        assertThat(triggered.sourceEventId()).isEqualTo("7879716234457967220");
        assertThat(triggered.asset().service()).isEqualTo("keep-api");
        assertThat(recovered.status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(recovered.severity()).isEqualTo(Severity.INFORMATIONAL);
        assertThat(recovered.fingerprint()).isEqualTo(triggered.fingerprint()).isEqualTo("datadog:160076582|service:keep-api");
        assertThat(recovered.labels()).containsEntry("datadog.org.name", "DPN | KeepHQ").containsEntry("datadog.tags", "monitor");
    }

    @Test
    void shouldMapTheDefaultServiceCheckPayload() {
        Signal s = parseValid(parser, Samples.read("datadog", "relay_datadog_default_webhook_payload_service_check.json")).get(0);

        assertThat(s.title()).isEqualTo("[Triggered] [TEST] Host Cluster Alert");
        assertThat(s.kind()).isEqualTo(SignalKind.AVAILABILITY);
        assertThat(s.fingerprint()).isEqualTo("datadog:Host Cluster Alert");
        assertThat(s.observedAt()).isEqualTo(Instant.ofEpochMilli(1591216985000L));
        assertThat(s.sourceEventId()).isEqualTo("5485379890863845239");
    }

    @Test
    void shouldTreatUnrenderedTemplateVariablesAsAbsent() {
        Signal s = parseValid(parser, Samples.read("datadog", "datadog_webhook_payload_template_ilert.json")).get(0);

        assertThat(s.sourceEventId()).isNull();
        assertThat(s.observedAt()).isEqualTo(INGESTED_AT);
        assertThat(s.severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(s.labels()).doesNotContainValue("$ORG_ID");
    }

    @Test
    void shouldPreferAlertPriorityAndAggregationKey() {
        Signal s = parseValid(parser, parser.example()).get(0);
        assertThat(s.severity()).isEqualTo(Severity.HIGH);
        assertThat(s.fingerprint()).isEqualTo("datadog:7f3b2c");
        assertThat(s.asset().hostname()).isEqualTo("web-2");
        assertThat(s.asset().environment()).isEqualTo("prod");
    }

    @Test
    void shouldRejectUnrelatedObjects() {
        assertThatThrownBy(() -> parser.parse("{\"foo\":\"bar\"}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/title"));
    }
}
