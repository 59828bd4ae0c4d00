package io.tandem.ingest.format.pagerduty;

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

class PagerDutyParserTest {

    private final PagerDutyParser parser = new PagerDutyParser();

    @Test
    void shouldMapTriggerAcknowledgeAndResolveSamplesOntoOneFingerprint() {
        Signal trigger = parseValid(parser, Samples.read("pagerduty", "pagerduty_events_v2_trigger.json")).get(0);
        assertThat(trigger.title()).isEqualTo("Example alert on host1.example.com");
        assertThat(trigger.severity()).isEqualTo(Severity.INFORMATIONAL);
        assertThat(trigger.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(trigger.fingerprint()).isEqualTo("pagerduty:samplekeyhere");
        assertThat(trigger.observedAt()).isEqualTo(Instant.parse("2015-07-17T08:42:58.315Z"));
        assertThat(trigger.asset().hostname())
                .isEqualTo("monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003");
        assertThat(trigger.asset().service()).isEqualTo("postgres");
        assertThat(trigger.labels()).containsEntry("custom_details.ping time", "1500ms")
                .containsEntry("custom_details.load avg", "0.75").containsEntry("pagerduty.group", "prod-datapipe");

        Signal ack = parseValid(parser, Samples.read("pagerduty", "pagerduty_events_v2_acknowledge.json")).get(0);
        Signal resolve = parseValid(parser, Samples.read("pagerduty", "pagerduty_events_v2_resolve.json")).get(0);
        assertThat(ack.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(ack.labels()).containsEntry("pagerduty.event_action", "acknowledge");
        assertThat(resolve.status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(resolve.fingerprint()).isEqualTo(ack.fingerprint()).isEqualTo("pagerduty:dedupkeyhere");
        assertThat(resolve.observedAt()).isEqualTo(INGESTED_AT);
        assertThat(resolve.id()).isNotEqualTo(ack.id());
    }

    @Test
    void shouldMapSeveritiesAndAddressSources() {
        Signal error = parseValid(parser, parser.example()).get(0);
        assertThat(error.severity()).isEqualTo(Severity.HIGH);
        assertThat(error.observables()).contains(observable(ObservableType.IP, "10.0.3.21", "custom_details.replica"));
        Signal critical = parseValid(parser, parser.example().replace("\"error\"", "\"critical\"")
                .replace("db-1.prod.example", "10.0.3.20")).get(0);
        assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(critical.asset().ip()).isEqualTo("10.0.3.20");
        assertThat(parseValid(parser, parser.example().replace("\"error\"", "\"warning\"")).get(0).severity())
                .isEqualTo(Severity.MEDIUM);
    }

    @Test
    void shouldMapV3WebhookIncidents() {
        String webhook = """
                {"event":{"id":"01DEN3YOSNBW4D9DKE1DBBHR7F","event_type":"incident.resolved","resource_type":"incident","occurred_at":"2024-05-01T10:30:00.000Z","data":{"id":"PGR0VU2","type":"incident","number":2,"title":"Replication lag above 300s on db-1","status":"resolved","incident_key":"db-1/replication-lag","urgency":"high","service":{"id":"PF9KMXH","summary":"Databases"},"priority":{"summary":"P2"}}}}
                """;
        Signal s = parseValid(parser, webhook).get(0);
        assertThat(s.status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(s.severity()).isEqualTo(Severity.HIGH);
        assertThat(s.fingerprint()).as("shares the Events v2 dedup key").isEqualTo(parseValid(parser, parser.example()).get(0).fingerprint());
        assertThat(s.sourceEventId()).isEqualTo("01DEN3YOSNBW4D9DKE1DBBHR7F");
        assertThat(s.asset().service()).isEqualTo("Databases");
        assertThat(s.kind()).isEqualTo(SignalKind.OPERATIONAL);
    }

    @Test
    void shouldRejectInvalidEvents() {
        assertThatThrownBy(() -> parser.parse("{\"routing_key\":\"k\"}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/event_action"));
        assertThatThrownBy(() -> parser.parse("{\"event_action\":\"resolve\"}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/dedup_key"));
        assertThatThrownBy(() -> parser.parse("{\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"bad\"}}"
                .getBytes(), CONTEXT)).isInstanceOfSatisfying(ParseException.class,
                e -> assertThat(e.field()).isEqualTo("/payload/severity"));
        assertThatThrownBy(() -> parser.parse("{\"event_action\":\"trigger\",\"payload\":{\"source\":\"h\"}}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/payload/summary"));
    }
}
