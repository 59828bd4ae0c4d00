package io.tandem.triage.grouping;

import io.tandem.model.EventSchemas;
import io.tandem.model.Headers;
import io.tandem.model.Topics;
import io.tandem.model.json.Json;
import io.tandem.model.signal.AssetRef;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalSource;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.GroupAction;
import io.tandem.model.triage.TriageDecision;
import io.tandem.model.Priority;
import io.tandem.triage.TriageTopology;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The stream path with TopologyTestDriver, in-memory stores and a controlled clock: no broker, no sleeps. */
class TriageTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> signals;
    private TestOutputTopic<String, byte[]> decisions;
    private TestOutputTopic<String, byte[]> groups;
    private TestOutputTopic<String, byte[]> dlq;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "triage-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(TriageTopology.build(new Correlator(Duration.ofMinutes(30), "sre"),
                Stores::inMemoryKeyValueStore), props, T0);
        signals = driver.createInputTopic(Topics.SIGNALS_NORMALIZED, Serdes.String().serializer(), Serdes.ByteArray().serializer());
        decisions = driver.createOutputTopic(Topics.TRIAGE_DECISIONS, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        groups = driver.createOutputTopic(Topics.ALERTS_GROUPS, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        dlq = driver.createOutputTopic(Topics.SIGNALS_DLQ, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldRouteTheFirstAlertOfANewGroupToAnIncident() throws Exception {
        send(signal("fp-1", "web-01", SignalKind.AVAILABILITY, SignalStatus.FIRING, Severity.CRITICAL, T0));

        TestRecord<String, byte[]> record = decisions.readRecord();
        TriageDecision decision = Json.read(record.value(), TriageDecision.class);
        assertThat(decision.outcome()).isEqualTo(DecisionOutcome.ROUTED);
        assertThat(decision.route().team()).isEqualTo("sre");
        assertThat(decision.priority()).isEqualTo(Priority.P1);
        assertThat(decision.reason()).contains("web-01|availability", "default route", "P1");
        assertThat(record.key()).isEqualTo(decision.alertGroupId().toString());
        assertThat(header(record, "ce_id")).isEqualTo(decision.signalId().toString());
        assertThat(header(record, "ce_type")).isEqualTo("io.tandem.decision.made.v1");
        assertThat(EventSchemas.violations("triage-decision", Json.mapper().readTree(record.value()))).isEmpty();

        AlertGroupEvent opened = Json.read(groups.readValue(), AlertGroupEvent.class);
        assertThat(opened.action()).isEqualTo(GroupAction.OPENED);
        assertThat(opened.groupId()).isEqualTo(decision.alertGroupId());
        assertThat(opened.assetKeys()).containsExactly("web-01");
    }

    @Test
    void shouldDeduplicateTheSameFingerprintWithoutAGroupEvent() {
        send(signal("fp-2", "web-02", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM, T0));
        send(signal("fp-2", "web-02", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM, T0.plusSeconds(60)));
        send(signal("fp-2", "web-02", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM, T0.plusSeconds(120)));

        List<TriageDecision> all = readDecisions();
        assertThat(all).extracting(TriageDecision::outcome)
                .containsExactly(DecisionOutcome.ROUTED, DecisionOutcome.DEDUPLICATED, DecisionOutcome.DEDUPLICATED);
        assertThat(all).extracting(TriageDecision::alertGroupId).containsOnly(all.get(0).alertGroupId());
        assertThat(all.get(2).reason()).contains("3 signals so far");
        assertThat(groups.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldGroupNewAlertsOnTheSameAssetAndKindWithinTheWindowOnly() {
        send(signal("disk", "db-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.LOW, T0));
        send(signal("cpu", "db-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.HIGH, T0.plusSeconds(600)));
        send(signal("mem", "db-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.LOW, T0.plus(Duration.ofHours(2))));
        send(signal("auth", "db-1", SignalKind.SECURITY, SignalStatus.FIRING, Severity.LOW, T0.plusSeconds(700)));

        List<TriageDecision> all = readDecisions();
        assertThat(all).extracting(TriageDecision::outcome).containsExactly(
                DecisionOutcome.ROUTED, DecisionOutcome.GROUPED, DecisionOutcome.ROUTED, DecisionOutcome.ROUTED);
        assertThat(all.get(1).alertGroupId()).isEqualTo(all.get(0).alertGroupId());
        assertThat(all.get(2).alertGroupId()).as("outside the window").isNotEqualTo(all.get(0).alertGroupId());
        assertThat(all.get(3).alertGroupId()).as("other kind").isNotEqualTo(all.get(0).alertGroupId());

        List<AlertGroupEvent> events = groups.readValuesToList().stream().map(v -> Json.read(v, AlertGroupEvent.class)).toList();
        AlertGroupEvent updated = events.get(1);
        assertThat(updated.action()).isEqualTo(GroupAction.UPDATED);
        assertThat(updated.alertCount()).isEqualTo(2);
        assertThat(updated.maxSeverity()).isEqualTo(Severity.HIGH);
        assertThat(updated.priority()).isEqualTo(Priority.P2);
    }

    @Test
    void shouldResolveTheGroupWhenItsLastFiringAlertResolves() {
        send(signal("a", "lb-1", SignalKind.AVAILABILITY, SignalStatus.FIRING, Severity.HIGH, T0));
        send(signal("b", "lb-1", SignalKind.AVAILABILITY, SignalStatus.FIRING, Severity.HIGH, T0.plusSeconds(10)));
        send(signal("a", "lb-1", SignalKind.AVAILABILITY, SignalStatus.RESOLVED, Severity.HIGH, T0.plusSeconds(20)));
        send(signal("b", "lb-1", SignalKind.AVAILABILITY, SignalStatus.RESOLVED, Severity.HIGH, T0.plusSeconds(30)));
        send(signal("a", "lb-1", SignalKind.AVAILABILITY, SignalStatus.FIRING, Severity.HIGH, T0.plusSeconds(40)));

        List<TriageDecision> all = readDecisions();
        assertThat(all.get(2).reason()).contains("1 alert(s) of the group still fire");
        assertThat(all.get(3).reason()).contains("the group resolves");
        assertThat(all.get(4).outcome()).as("a resolved group is closed: the alert opens a new one").isEqualTo(DecisionOutcome.ROUTED);
        assertThat(all.get(4).alertGroupId()).isNotEqualTo(all.get(0).alertGroupId());

        List<GroupAction> actions = groups.readValuesToList().stream()
                .map(v -> Json.read(v, AlertGroupEvent.class).action()).toList();
        assertThat(actions).containsExactly(GroupAction.OPENED, GroupAction.UPDATED, GroupAction.UPDATED,
                GroupAction.RESOLVED, GroupAction.OPENED);
    }

    @Test
    void shouldDecideOnAResolveForAnUnknownAlertWithoutOpeningAGroup() {
        send(signal("ghost", "app-9", SignalKind.OPERATIONAL, SignalStatus.RESOLVED, Severity.LOW, T0));

        TriageDecision decision = Json.read(decisions.readValue(), TriageDecision.class);
        assertThat(decision.outcome()).isEqualTo(DecisionOutcome.DEDUPLICATED);
        assertThat(decision.reason()).contains("not open");
        assertThat(groups.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterRecordsThatAreNotSignalsAndGoOn() {
        signals.pipeInput("bad-key", "{\"not\":\"a signal\"}".getBytes(StandardCharsets.UTF_8), T0);
        send(signal("after", "web-7", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.LOW, T0));

        TestRecord<String, byte[]> dead = dlq.readRecord();
        assertThat(dead.key()).isEqualTo("bad-key");
        assertThat(header(dead, Headers.ERROR)).isEqualTo("invalid-signal");
        assertThat(header(dead, Headers.ERROR_DETAIL)).contains("missing required field");
        assertThat(header(dead, Headers.ORIGIN_TOPIC)).isEqualTo(Topics.SIGNALS_NORMALIZED);
        assertThat(decisions.readValuesToList()).hasSize(1);
    }

    private List<TriageDecision> readDecisions() {
        return decisions.readValuesToList().stream().map(v -> Json.read(v, TriageDecision.class)).toList();
    }

    private void send(Signal signal) {
        signals.pipeInput(signal.asset().key(), Json.write(signal), signal.observedAt());
    }

    private static String header(TestRecord<String, byte[]> record, String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    static Signal signal(String fingerprint, String host, SignalKind kind, SignalStatus status, Severity severity, Instant at) {
        return new Signal(UUID.randomUUID(), new SignalSource("alertmanager", "test"), fingerprint + "@" + at, fingerprint,
                kind, null, fingerprint + " on " + host, null, severity, status, at, at,
                new AssetRef(host, null, null, null, "prod"), Map.of(), List.of(), List.of(), null, null, null);
    }
}
