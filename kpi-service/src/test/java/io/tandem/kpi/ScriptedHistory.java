package io.tandem.kpi;

import io.tandem.model.Priority;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.AssetAction;
import io.tandem.model.asset.Lifecycle;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeStatus;
import io.tandem.model.change.ChangeType;
import io.tandem.model.change.SecurityImpact;
import io.tandem.model.incident.Incident;
import io.tandem.model.incident.IncidentAction;
import io.tandem.model.incident.IncidentKind;
import io.tandem.model.incident.IncidentStatus;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.GroupAction;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;

/**
 * One week of a team's life with known timings, published on every projected topic, starting at {@code t0}. The
 * expected KPIs are worked out in the comments; the tests assert them exactly. Changes and vulnerabilities carry no
 * team, so each test plays its history in a week of its own.
 */
public final class ScriptedHistory {

    public final Instant t0;
    public final String team;
    /** The signal source format, unique to this history. */
    public final String source;

    public ScriptedHistory(Instant t0) {
        this.t0 = t0;
        this.team = Events.unique("team");
        this.source = Events.unique("scanner");
    }

    public Instant at(Duration offset) {
        return t0.plus(offset);
    }

    /** Publishes the whole history. */
    public ScriptedHistory play() {
        incidents();
        signals();
        triage();
        changes();
        assets();
        return this;
    }

    /**
     * I1 security P1: detected 5 min, acknowledged 10 min, contained 40 min, resolved 2 h.
     * I2 security P1: detected 15 min, acknowledged 30 min, resolved 4 h, one SLA breach, possibly change-induced.
     * I3 operational P2: detected 10 min, acknowledged 20 min, still open.
     * I4 operational P3: merged into I1, so left out of every KPI.
     * Opened 3; MTTD 300/900/600 s; MTTA 600/1800/1200 s; MTTR 7200/14400 s; contain 2400 s; SLA breach rate and
     * change-induced rate 1/3.
     */
    private void incidents() {
        Incident i1 = incident(IncidentKind.SECURITY, Priority.P1, ofMinutes(0), ofMinutes(5), List.of(), false);
        Events.incident(IncidentAction.OPENED, i1, at(ofMinutes(5)));
        i1 = with(i1, IncidentStatus.ACKNOWLEDGED, at(ofMinutes(15)), null, null, List.of());
        Events.incident(IncidentAction.ACKNOWLEDGED, i1, at(ofMinutes(15)));
        i1 = with(i1, IncidentStatus.MITIGATED, i1.acknowledgedAt(), at(ofMinutes(45)), null, List.of());
        Events.incident(IncidentAction.MITIGATED, i1, at(ofMinutes(45)));
        i1 = with(i1, IncidentStatus.RESOLVED, i1.acknowledgedAt(), i1.mitigatedAt(), at(ofMinutes(125)), List.of());
        Events.incident(IncidentAction.RESOLVED, i1, at(ofMinutes(125)));

        Incident i2 = incident(IncidentKind.SECURITY, Priority.P1, ofHours(1), ofMinutes(75), List.of(), true);
        Events.incident(IncidentAction.OPENED, i2, at(ofMinutes(75)));
        i2 = with(i2, IncidentStatus.TRIGGERED, null, null, null, List.of("acknowledge"));
        Events.incident(IncidentAction.SLA_BREACHED, i2, at(ofMinutes(100)));
        i2 = with(i2, IncidentStatus.ACKNOWLEDGED, at(ofMinutes(105)), null, null, List.of("acknowledge"));
        Events.incident(IncidentAction.ACKNOWLEDGED, i2, at(ofMinutes(105)));
        i2 = with(i2, IncidentStatus.RESOLVED, i2.acknowledgedAt(), null, at(ofMinutes(315)), List.of("acknowledge"));
        Events.incident(IncidentAction.RESOLVED, i2, at(ofMinutes(315)));

        Incident i3 = incident(IncidentKind.OPERATIONAL, Priority.P2, ofHours(2), ofMinutes(130), List.of(), false);
        Events.incident(IncidentAction.OPENED, i3, at(ofMinutes(130)));
        i3 = with(i3, IncidentStatus.ACKNOWLEDGED, at(ofMinutes(150)), null, null, List.of());
        Events.incident(IncidentAction.ACKNOWLEDGED, i3, at(ofMinutes(150)));

        Incident i4 = incident(IncidentKind.OPERATIONAL, Priority.P3, ofHours(3), ofMinutes(181), List.of(), false);
        Events.incident(IncidentAction.OPENED, i4, at(ofMinutes(181)));
        i4 = with(i4, IncidentStatus.MERGED, at(ofMinutes(190)), null, null, List.of());
        Events.incident(IncidentAction.MERGED, i4, at(ofMinutes(190)));
    }

    /**
     * Vulnerability fp1 fires twice and is resolved after 24 h; fp2 is resolved after 72 h; three operational signals.
     * Signals 8 (5 vulnerability, 3 operational), all from {@link #source}; remediation 86400 s and 259200 s.
     */
    private void signals() {
        String fp1 = Events.unique("cve-1");
        String fp2 = Events.unique("cve-2");
        Events.signal(source, SignalKind.VULNERABILITY, SignalStatus.FIRING, fp1, at(ofHours(1)));
        Events.signal(source, SignalKind.VULNERABILITY, SignalStatus.FIRING, fp1, at(ofHours(2)));
        Events.signal(source, SignalKind.VULNERABILITY, SignalStatus.FIRING, fp2, at(ofHours(2)));
        Events.signal(source, SignalKind.VULNERABILITY, SignalStatus.RESOLVED, fp1, at(ofHours(25)));
        Events.signal(source, SignalKind.VULNERABILITY, SignalStatus.RESOLVED, fp2, at(ofHours(74)));
        for (int i = 0; i < 3; i++) {
            Events.signal(source, SignalKind.OPERATIONAL, SignalStatus.FIRING, Events.unique("cpu"), at(ofMinutes(10 + i)));
        }
    }

    /**
     * Ten decisions: 4 deduplicated, 2 grouped, 1 silenced, 1 change-linked, 2 routed (dedup share 0.4, suppressed
     * share 0.2, 10 signals for 3 incidents); two alert groups (one sends a stale update after a newer one).
     */
    private void triage() {
        UUID g1 = UUID.randomUUID();
        UUID g2 = UUID.randomUUID();
        List<DecisionOutcome> outcomes = List.of(DecisionOutcome.ROUTED, DecisionOutcome.DEDUPLICATED,
                DecisionOutcome.DEDUPLICATED, DecisionOutcome.GROUPED, DecisionOutcome.SILENCED, DecisionOutcome.ROUTED,
                DecisionOutcome.DEDUPLICATED, DecisionOutcome.DEDUPLICATED, DecisionOutcome.GROUPED,
                DecisionOutcome.CHANGE_LINKED);
        for (int i = 0; i < outcomes.size(); i++) {
            Events.decision(i < 5 ? g1 : g2, outcomes.get(i), SignalKind.SECURITY, Priority.P1, team, at(ofMinutes(i)));
        }
        Events.alertGroup(g1, GroupAction.OPENED, SignalKind.SECURITY, Priority.P1, team, at(ofMinutes(0)), 1, at(ofMinutes(0)));
        Events.alertGroup(g1, GroupAction.UPDATED, SignalKind.SECURITY, Priority.P1, team, at(ofMinutes(0)), 5, at(ofMinutes(4)));
        Events.alertGroup(g1, GroupAction.UPDATED, SignalKind.SECURITY, Priority.P1, team, at(ofMinutes(0)), 3, at(ofMinutes(2)));
        Events.alertGroup(g2, GroupAction.OPENED, SignalKind.SECURITY, Priority.P1, team, at(ofMinutes(5)), 1, at(ofMinutes(5)));
    }

    /**
     * C1 normal with security impact: completed (succeeded). C2 emergency: failed. C3 standard: completed, then rolled
     * back (failed). C4 normal, no impact: completed but caused an incident. C5 normal with impact: verified.
     * Created 5: emergency share 0.2, security-review share 0.4; ended 5, succeeded 2 (C1, C5): success rate 0.4.
     */
    private void changes() {
        SecurityImpact impact = new SecurityImpact(true, false, false, false, "opens admin access");
        SecurityImpact none = new SecurityImpact(false, false, false, false, null);
        UUID c1 = UUID.randomUUID();
        Events.change(ChangeAction.CREATED, Events.change(c1, ChangeType.NORMAL, ChangeStatus.DRAFT, impact, false), at(ofHours(1)));
        Events.change(ChangeAction.COMPLETED, Events.change(c1, ChangeType.NORMAL, ChangeStatus.COMPLETED, impact, false), at(ofHours(3)));
        UUID c2 = UUID.randomUUID();
        Events.change(ChangeAction.CREATED, Events.change(c2, ChangeType.EMERGENCY, ChangeStatus.DRAFT, null, false), at(ofHours(2)));
        Events.change(ChangeAction.FAILED, Events.change(c2, ChangeType.EMERGENCY, ChangeStatus.FAILED, null, false), at(ofHours(4)));
        UUID c3 = UUID.randomUUID();
        Events.change(ChangeAction.CREATED, Events.change(c3, ChangeType.STANDARD, ChangeStatus.APPROVED, none, false), at(ofHours(5)));
        Events.change(ChangeAction.COMPLETED, Events.change(c3, ChangeType.STANDARD, ChangeStatus.COMPLETED, none, false), at(ofHours(6)));
        Events.change(ChangeAction.ROLLED_BACK, Events.change(c3, ChangeType.STANDARD, ChangeStatus.ROLLED_BACK, none, false), at(ofHours(7)));
        UUID c4 = UUID.randomUUID();
        Events.change(ChangeAction.CREATED, Events.change(c4, ChangeType.NORMAL, ChangeStatus.DRAFT, none, false), at(ofHours(8)));
        Events.change(ChangeAction.COMPLETED, Events.change(c4, ChangeType.NORMAL, ChangeStatus.COMPLETED, none, false), at(ofHours(9)));
        Events.change(ChangeAction.INCIDENT_LINKED, Events.change(c4, ChangeType.NORMAL, ChangeStatus.COMPLETED, none, true), at(ofHours(10)));
        UUID c5 = UUID.randomUUID();
        Events.change(ChangeAction.CREATED, Events.change(c5, ChangeType.NORMAL, ChangeStatus.DRAFT, impact, false), at(ofHours(11)));
        Events.change(ChangeAction.VERIFIED, Events.change(c5, ChangeType.NORMAL, ChangeStatus.VERIFIED, impact, false), at(ofHours(12)));
    }

    /**
     * As of t0+7d: A1 managed, A2 unmanaged (A3 decommissioned, A5 deleted, A4 registered later): 2 assets, 1
     * unmanaged, 50 %. As of t0+30min: A1, A3, A5 managed: 3 assets, 0 %. Findings in the week: A3 seen as a zombie
     * twice (1 asset), A1 stale, A2 discovered.
     */
    private void assets() {
        Asset a1 = Events.asset(UUID.randomUUID(), team, true, Lifecycle.ACTIVE, at(ofMinutes(0)));
        Asset a2 = Events.asset(UUID.randomUUID(), team, false, Lifecycle.DISCOVERED, at(ofHours(1)));
        UUID a3 = UUID.randomUUID();
        Events.asset(a3, team, true, Lifecycle.ACTIVE, at(ofMinutes(0)));
        Asset a3gone = Events.asset(a3, team, true, Lifecycle.DECOMMISSIONED, at(ofHours(2)));
        Events.asset(UUID.randomUUID(), team, false, Lifecycle.DISCOVERED, at(ofDays(10)));
        UUID a5 = UUID.randomUUID();
        Events.asset(a5, team, true, Lifecycle.ACTIVE, at(ofMinutes(0)));
        Events.assetDeleted(a5, at(ofHours(3)));
        Events.finding(AssetAction.ZOMBIE_SEEN, a3gone, at(ofHours(4)));
        Events.finding(AssetAction.ZOMBIE_SEEN, a3gone, at(ofHours(6)));
        Events.finding(AssetAction.STALE, a1, at(ofDays(1)));
        Events.finding(AssetAction.DISCOVERED, a2, at(ofHours(1)));
    }

    private Incident incident(IncidentKind kind, Priority priority, Duration firstSignal, Duration opened,
                              List<String> breaches, boolean changeInduced) {
        return new Incident(UUID.randomUUID(), "incident", kind, IncidentStatus.TRIGGERED, priority, null, team, null,
                null, List.of(), List.of(), List.of(), changeInduced, at(firstSignal), at(opened), null, null, null,
                null, null, null, breaches, null);
    }

    private static Incident with(Incident i, IncidentStatus status, Instant acknowledged, Instant mitigated,
                                 Instant resolved, List<String> breaches) {
        return new Incident(i.id(), i.title(), i.kind(), status, i.priority(), i.severity(), i.team(), i.assignee(),
                i.commander(), i.assetKeys(), i.alertGroupIds(), i.changeIds(), i.possiblyChangeInduced(),
                i.firstSignalAt(), i.openedAt(), acknowledged, mitigated, resolved, null, null, null, breaches,
                status == IncidentStatus.MERGED ? UUID.randomUUID() : null);
    }
}
