package io.tandem.triage.stream;

import io.tandem.model.asset.Asset;
import io.tandem.model.change.ChangeStatus;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.DeciderKind;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.TriageDecision;
import io.tandem.triage.rules.Matcher;
import io.tandem.triage.rules.Recurrence;
import io.tandem.triage.rules.RuleKind;
import io.tandem.triage.rules.Silence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tandem.triage.stream.StreamFixture.T0;
import static io.tandem.triage.stream.StreamFixture.signal;
import static org.assertj.core.api.Assertions.assertThat;

/** Silences in the stream: matching, expiry mid-stream, resolves passing through, recurring and change-bound ones. */
class SilenceStreamTest {

    private final StreamFixture stream = new StreamFixture();

    @AfterEach
    void stop() {
        stream.close();
    }

    private Silence silence(Instant end, String... matchers) {
        return new Silence(UUID.randomUUID(), List.of(matchers).stream().map(Matcher::parse).toList(), T0.minusSeconds(60),
                end, null, null, false, null, "alice", "disk replacement", T0, T0);
    }

    @Test
    void shouldMuteAMatchingFiringAlertAndSayWhichSilenceDid() {
        Silence silence = silence(T0.plus(Duration.ofHours(1)), "alertname=\"DiskFull\"", "instance=~\"db-.*\"");
        stream.rule(RuleKind.SILENCE, silence);

        stream.send(signal("disk", "db-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.HIGH, T0,
                Map.of("alertname", "DiskFull", "instance", "db-1")));
        stream.send(signal("disk2", "web-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.HIGH, T0,
                Map.of("alertname", "DiskFull", "instance", "web-1")));

        List<TriageDecision> all = stream.decisions();
        assertThat(all.get(0).outcome()).isEqualTo(DecisionOutcome.SILENCED);
        assertThat(all.get(0).decidedBy().kind()).isEqualTo(DeciderKind.SILENCE);
        assertThat(all.get(0).decidedBy().id()).isEqualTo(silence.id().toString());
        assertThat(all.get(0).reason()).contains("muted by silence " + silence.id(), "alertname=\"DiskFull\"", "alice",
                "disk replacement");
        assertThat(all.get(1).outcome()).as("instance=~\"db-.*\" does not match web-1").isEqualTo(DecisionOutcome.ROUTED);
        assertThat(stream.counter("tandem.triage.decisions", "outcome", "silenced", "rule", silence.id().toString())).isEqualTo(1);
    }

    @Test
    void shouldAlwaysLetAResolvedSignalThroughSoTheGroupResolves() {
        stream.send(signal("cpu", "app-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.HIGH, T0, Map.of("alertname", "Cpu")));
        stream.rule(RuleKind.SILENCE, silence(T0.plus(Duration.ofHours(1)), "alertname=\"Cpu\""));
        stream.send(signal("cpu", "app-1", SignalKind.OPERATIONAL, SignalStatus.RESOLVED, Severity.HIGH, T0.plusSeconds(30),
                Map.of("alertname", "Cpu")));

        List<TriageDecision> all = stream.decisions();
        assertThat(all).extracting(TriageDecision::outcome).containsExactly(DecisionOutcome.ROUTED, DecisionOutcome.DEDUPLICATED);
        assertThat(all.get(1).reason()).contains("the group resolves");
        assertThat(stream.groupEvents()).extracting(e -> e.action().wire()).containsExactly("opened", "resolved");
    }

    @Test
    void shouldPageAStillFiringAlertOnceWhenItsSilenceExpiresMidStream() {
        Silence silence = silence(T0.plus(Duration.ofMinutes(5)), "alertname=\"Latency\"");
        stream.rule(RuleKind.SILENCE, silence);
        stream.send(signal("lat", "api-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM, T0, Map.of("alertname", "Latency")));
        TriageDecision muted = stream.decision();
        assertThat(muted.outcome()).isEqualTo(DecisionOutcome.SILENCED);

        stream.advance(Duration.ofMinutes(4));
        assertThat(stream.decisions()).as("still inside the silence").isEmpty();

        stream.advance(Duration.ofMinutes(2));
        var released = stream.decisionRecords();
        assertThat(released).hasSize(1);
        assertThat(StreamFixture.header(released.get(0), "ce_id")).isEqualTo(muted.signalId() + ":released");
        TriageDecision followUp = io.tandem.model.json.Json.read(released.get(0).value(), TriageDecision.class);
        assertThat(followUp.outcome()).isEqualTo(DecisionOutcome.ROUTED);
        assertThat(followUp.signalId()).isEqualTo(muted.signalId());
        assertThat(followUp.flags()).contains("follow-up");
        assertThat(followUp.reason()).contains("silence " + silence.id() + " no longer mutes it");
        assertThat(stream.counter("tandem.triage.releases", "held_by", "silence", "rule", silence.id().toString())).isEqualTo(1);

        stream.advance(Duration.ofMinutes(1));
        stream.send(signal("lat", "api-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM, T0.plusSeconds(420),
                Map.of("alertname", "Latency")));
        assertThat(stream.decisions()).extracting(TriageDecision::outcome).as("the group paged: later signals only dedup")
                .containsExactly(DecisionOutcome.DEDUPLICATED);
    }

    @Test
    void shouldNotFollowUpAnAlertThatResolvedWhileSilenced() {
        stream.rule(RuleKind.SILENCE, silence(T0.plus(Duration.ofMinutes(5)), "alertname=\"Flaky\""));
        stream.send(signal("f", "api-2", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM, T0, Map.of("alertname", "Flaky")));
        stream.send(signal("f", "api-2", SignalKind.OPERATIONAL, SignalStatus.RESOLVED, Severity.MEDIUM, T0.plusSeconds(60),
                Map.of("alertname", "Flaky")));
        stream.advance(Duration.ofMinutes(10));

        assertThat(stream.decisions()).extracting(TriageDecision::outcome)
                .containsExactly(DecisionOutcome.SILENCED, DecisionOutcome.DEDUPLICATED);
    }

    @Test
    void shouldStopMatchingOnceDeletedFromTheConfigTopic() {
        Silence silence = silence(T0.plus(Duration.ofHours(1)), "alertname=\"X\"");
        stream.rule(RuleKind.SILENCE, silence);
        stream.deleteRule(RuleKind.SILENCE, silence.id());
        stream.send(signal("x", "h-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.LOW, T0, Map.of("alertname", "X")));

        assertThat(stream.decision().outcome()).isEqualTo(DecisionOutcome.ROUTED);
    }

    @Test
    void shouldMuteOnlyDuringARecurringMaintenanceWindow() {
        // Monday 2026-11-23 10:00Z is 11:00 in Berlin; the window is Mondays 11:00-12:00 local.
        stream.rule(RuleKind.SILENCE, new Silence(UUID.randomUUID(), List.of(Matcher.parse("alertname=\"Backup\"")),
                T0.minus(Duration.ofDays(30)), null, new Recurrence("Europe/Berlin", List.of(DayOfWeek.MONDAY),
                LocalTime.of(11, 0), Duration.ofHours(1)), null, false, null, "ops", "weekly backup", T0, T0));
        stream.send(signal("b1", "nas-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM, T0, Map.of("alertname", "Backup")));
        stream.advance(Duration.ofMinutes(30));
        stream.send(signal("b2", "nas-2", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM, T0, Map.of("alertname", "Backup")));
        List<TriageDecision> inside = stream.decisions();
        assertThat(inside).extracting(TriageDecision::outcome).containsExactly(DecisionOutcome.SILENCED, DecisionOutcome.SILENCED);

        stream.advance(Duration.ofMinutes(31));
        assertThat(stream.decisions()).as("both still fire when the window ends: one follow-up each")
                .extracting(TriageDecision::outcome).containsExactly(DecisionOutcome.ROUTED, DecisionOutcome.ROUTED);
    }

    @Test
    void shouldEndASilenceBoundToAChangeWhenTheChangeFinishes() {
        Asset db = StreamFixture.asset("db-7", "dba", "prod", 2);
        stream.asset(db);
        UUID changeId = UUID.randomUUID();
        stream.change(StreamFixture.change(changeId, ChangeStatus.IN_PROGRESS, db, T0.minusSeconds(600), T0.plusSeconds(7200)));
        stream.rule(RuleKind.SILENCE, new Silence(UUID.randomUUID(), List.of(Matcher.parse("alertname=\"Replication\"")),
                T0.minusSeconds(60), null, null, changeId, false, null, "bob", "during the migration", T0, T0));
        // A critical signal is never held by the change window itself, so only the silence can mute it.
        stream.send(signal("r", "db-7", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.CRITICAL, T0, Map.of("alertname", "Replication")));
        assertThat(stream.decision().outcome()).isEqualTo(DecisionOutcome.SILENCED);

        stream.change(StreamFixture.change(changeId, ChangeStatus.COMPLETED, db, T0.minusSeconds(600), T0.plusSeconds(7200)));
        stream.advance(StreamFixture.HOLD_CHECK);
        TriageDecision followUp = stream.decision();
        assertThat(followUp.outcome()).isEqualTo(DecisionOutcome.ROUTED);
        assertThat(followUp.route().team()).as("the asset's owner team").isEqualTo("dba");
    }
}
