package io.tandem.triage.stream;

import io.tandem.model.EventSchemas;
import io.tandem.model.Headers;
import io.tandem.model.Priority;
import io.tandem.model.Topics;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.model.triage.DeciderKind;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.GroupAction;
import io.tandem.model.triage.TriageDecision;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.tandem.triage.stream.StreamFixture.T0;
import static io.tandem.triage.stream.StreamFixture.header;
import static io.tandem.triage.stream.StreamFixture.signal;
import static org.assertj.core.api.Assertions.assertThat;

/** Dedup, grouping and group lifecycle with TopologyTestDriver, in-memory stores and a controlled clock. */
class CorrelationStreamTest {

    private final StreamFixture stream = new StreamFixture();

    @AfterEach
    void stop() {
        stream.close();
    }

    @Test
    void shouldRouteTheFirstAlertOfANewGroupToAnIncidentForTheDefaultTeam() throws Exception {
        stream.send(signal("fp-1", "web-01", SignalKind.AVAILABILITY, SignalStatus.FIRING, Severity.CRITICAL, T0));

        TestRecord<String, byte[]> record = stream.decisions.readRecord();
        TriageDecision decision = Json.read(record.value(), TriageDecision.class);
        assertThat(decision.outcome()).isEqualTo(DecisionOutcome.ROUTED);
        assertThat(decision.decidedBy().kind()).isEqualTo(DeciderKind.DEFAULT);
        assertThat(decision.route().team()).isEqualTo("sre");
        assertThat(decision.priority()).isEqualTo(Priority.P1);
        assertThat(decision.flags()).containsExactly("unmanaged-asset");
        assertThat(decision.reason()).contains("no route matched", "default team sre");
        assertThat(record.key()).isEqualTo(decision.alertGroupId().toString());
        assertThat(header(record, "ce_id")).isEqualTo(decision.signalId().toString());
        assertThat(header(record, "ce_type")).isEqualTo("io.tandem.decision.made.v1");
        assertThat(EventSchemas.violations("triage-decision", Json.mapper().readTree(record.value()))).isEmpty();

        AlertGroupEvent opened = stream.groupEvents().get(0);
        assertThat(opened.action()).isEqualTo(GroupAction.OPENED);
        assertThat(opened.groupId()).isEqualTo(decision.alertGroupId());
        assertThat(opened.assetKeys()).containsExactly("web-01");
        assertThat(opened.team()).isEqualTo("sre");
    }

    @Test
    void shouldDeduplicateTheSameFingerprintWithoutAGroupEvent() {
        stream.send(signal("fp-2", "web-02", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM, T0));
        stream.send(signal("fp-2", "web-02", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM, T0.plusSeconds(60)));
        stream.send(signal("fp-2", "web-02", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM, T0.plusSeconds(120)));

        List<TriageDecision> all = stream.decisions();
        assertThat(all).extracting(TriageDecision::outcome)
                .containsExactly(DecisionOutcome.ROUTED, DecisionOutcome.DEDUPLICATED, DecisionOutcome.DEDUPLICATED);
        assertThat(all).extracting(TriageDecision::alertGroupId).containsOnly(all.get(0).alertGroupId());
        assertThat(all.get(2).reason()).contains("3 signals so far");
        assertThat(stream.groupEvents()).hasSize(1);
        assertThat(stream.counter("tandem.triage.decisions", "outcome", "deduplicated", "rule", "dedup")).isEqualTo(2);
    }

    @Test
    void shouldGroupNewAlertsOnTheSameAssetAndKindWithinTheWindowOnly() {
        stream.send(signal("disk", "db-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.LOW, T0));
        stream.send(signal("cpu", "db-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.HIGH, T0.plusSeconds(600)));
        stream.send(signal("mem", "db-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.LOW, T0.plus(Duration.ofHours(2))));
        stream.send(signal("auth", "db-1", SignalKind.SECURITY, SignalStatus.FIRING, Severity.LOW, T0.plusSeconds(700)));

        List<TriageDecision> all = stream.decisions();
        assertThat(all).extracting(TriageDecision::outcome).containsExactly(
                DecisionOutcome.ROUTED, DecisionOutcome.GROUPED, DecisionOutcome.ROUTED, DecisionOutcome.ROUTED);
        assertThat(all.get(1).alertGroupId()).isEqualTo(all.get(0).alertGroupId());
        assertThat(all.get(2).alertGroupId()).as("outside the window").isNotEqualTo(all.get(0).alertGroupId());
        assertThat(all.get(3).alertGroupId()).as("other kind").isNotEqualTo(all.get(0).alertGroupId());

        AlertGroupEvent updated = stream.groupEvents().get(1);
        assertThat(updated.action()).isEqualTo(GroupAction.UPDATED);
        assertThat(updated.alertCount()).isEqualTo(2);
        assertThat(updated.maxSeverity()).isEqualTo(Severity.HIGH);
        assertThat(updated.priority()).isEqualTo(Priority.P2);
    }

    @Test
    void shouldResolveTheGroupWhenItsLastFiringAlertResolves() {
        stream.send(signal("a", "lb-1", SignalKind.AVAILABILITY, SignalStatus.FIRING, Severity.HIGH, T0));
        stream.send(signal("b", "lb-1", SignalKind.AVAILABILITY, SignalStatus.FIRING, Severity.HIGH, T0.plusSeconds(10)));
        stream.send(signal("a", "lb-1", SignalKind.AVAILABILITY, SignalStatus.RESOLVED, Severity.HIGH, T0.plusSeconds(20)));
        stream.send(signal("b", "lb-1", SignalKind.AVAILABILITY, SignalStatus.RESOLVED, Severity.HIGH, T0.plusSeconds(30)));
        stream.advance(StreamFixture.FLAPS.window().plusMinutes(1));
        stream.send(signal("a", "lb-1", SignalKind.AVAILABILITY, SignalStatus.FIRING, Severity.HIGH, T0.plusSeconds(700)));

        List<TriageDecision> all = stream.decisions();
        assertThat(all.get(2).reason()).contains("1 alert(s) of the group still fire");
        assertThat(all.get(3).reason()).contains("the group resolves");
        assertThat(all.get(4).outcome()).as("past the flap window a resolved group stays closed: the alert opens a new one").isEqualTo(DecisionOutcome.ROUTED);
        assertThat(all.get(4).alertGroupId()).isNotEqualTo(all.get(0).alertGroupId());

        assertThat(stream.groupEvents()).extracting(AlertGroupEvent::action).containsExactly(GroupAction.OPENED,
                GroupAction.UPDATED, GroupAction.UPDATED, GroupAction.RESOLVED, GroupAction.OPENED);
    }

    @Test
    void shouldDecideOnAResolveForAnUnknownAlertWithoutOpeningAGroup() {
        stream.send(signal("ghost", "app-9", SignalKind.OPERATIONAL, SignalStatus.RESOLVED, Severity.LOW, T0));

        TriageDecision decision = stream.decision();
        assertThat(decision.outcome()).isEqualTo(DecisionOutcome.DEDUPLICATED);
        assertThat(decision.reason()).contains("not open");
        assertThat(stream.groups.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterRecordsThatAreNotSignalsAndGoOn() {
        stream.sendRaw("bad-key", "{\"not\":\"a signal\"}");
        stream.send(signal("after", "web-7", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.LOW, T0));

        TestRecord<String, byte[]> dead = stream.dlq.readRecord();
        assertThat(dead.key()).isEqualTo("bad-key");
        assertThat(header(dead, Headers.ERROR)).isEqualTo("invalid-signal");
        assertThat(header(dead, Headers.ERROR_DETAIL)).contains("missing required field");
        assertThat(header(dead, Headers.ORIGIN_TOPIC)).isEqualTo(Topics.SIGNALS_NORMALIZED);
        assertThat(stream.decisions()).hasSize(1);
    }

    @Test
    void shouldHoldAFlappingAlertOpenAsOneGroupAndOnePageUntilItIsStable() {
        SignalStatus status = SignalStatus.FIRING;
        for (int i = 0; i < 6; i++) {
            stream.send(signal("flap", "nas-1", SignalKind.AVAILABILITY, status, Severity.HIGH, T0.plusSeconds(30L * i)));
            stream.advance(Duration.ofSeconds(30));
            status = status == SignalStatus.FIRING ? SignalStatus.RESOLVED : SignalStatus.FIRING;
        }

        List<TriageDecision> all = stream.decisions();
        assertThat(all).extracting(TriageDecision::outcome).filteredOn(o -> o == DecisionOutcome.ROUTED).as("one page").hasSize(1);
        assertThat(all).extracting(TriageDecision::alertGroupId).as("one group").containsOnly(all.get(0).alertGroupId());
        assertThat(all.get(5).flags()).contains("flapping");
        assertThat(all.get(5).reason()).contains("is flapping (5 status changes", "held open");
        List<AlertGroupEvent> events = stream.groupEvents();
        assertThat(events.get(events.size() - 1).flapping()).isTrue();
        assertThat(events.get(events.size() - 1).action()).as("the last resolve does not resolve it").isEqualTo(GroupAction.UPDATED);

        stream.advance(Duration.ofMinutes(14));
        assertThat(stream.groupEvents()).as("not yet stable for 15 minutes").isEmpty();
        stream.advance(Duration.ofMinutes(2));
        AlertGroupEvent settled = stream.groupEvents().get(0);
        assertThat(settled.action()).isEqualTo(GroupAction.RESOLVED);
        assertThat(settled.flapping()).isFalse();
        assertThat(settled.groupId()).isEqualTo(all.get(0).alertGroupId());
    }
}
