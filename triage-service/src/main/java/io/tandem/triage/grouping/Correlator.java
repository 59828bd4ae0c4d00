package io.tandem.triage.grouping;

import io.tandem.model.Priority;

import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.model.triage.Decider;
import io.tandem.model.triage.DeciderKind;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.GroupAction;
import io.tandem.model.triage.RouteAction;
import io.tandem.model.triage.RouteTarget;
import io.tandem.model.triage.SignalSummary;
import io.tandem.model.triage.TriageDecision;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Dedup and default correlation, as a pure function of one signal and the state it meets: signals with the same
 * fingerprint are one alert; new alerts on the same asset and kind within the window join one alert group; the first
 * alert of a new group is routed to an incident for the default team; a group resolves when its last firing alert
 * resolves. Every call yields exactly one decision, with the reason in words.
 */
public final class Correlator {

    /** The default correlation rule's id in decisions and metrics. */
    public static final String DEFAULT_RULE = "default:asset+kind";

    private final Duration window;
    private final String defaultTeam;

    public Correlator(Duration window, String defaultTeam) {
        this.window = window;
        this.defaultTeam = defaultTeam;
    }

    /** The new states (null = unchanged), the decision, and the group lifecycle event if the group changed. */
    public record Result(AlertState alert, GroupState group, TriageDecision decision, AlertGroupEvent groupEvent) {
    }

    /** The group key of the default rule: the asset and the kind; a signal naming no asset groups by its fingerprint. */
    public static String groupKey(Signal signal) {
        String asset = signal.asset().key();
        return (asset == null ? "fingerprint:" + signal.fingerprint() : asset) + "|" + signal.kind().wire();
    }

    public Result apply(Signal signal, AlertState alert, GroupState group, Instant now) {
        boolean sameGroup = alert != null && group != null && group.open() && group.groupId().equals(alert.groupId());
        if (sameGroup) {
            return update(signal, alert, group, now);
        }
        if (signal.status() == SignalStatus.RESOLVED) {
            UUID groupId = alert != null ? alert.groupId() : id("group", groupKey(signal), signal.fingerprint());
            return new Result(null, null, decision(signal, groupId, alert == null ? null : alert.alertId(),
                    DecisionOutcome.DEDUPLICATED, new Decider(DeciderKind.DEDUP, signal.fingerprint(), null), null,
                    "resolve for an alert that is not open; nothing to resolve", now), null);
        }
        boolean joins = group != null && group.open() && !signal.observedAt().isAfter(group.lastSeen().plus(window));
        return joins ? join(signal, group, now) : open(signal, now);
    }

    private Result update(Signal signal, AlertState alert, GroupState group, Instant now) {
        AlertState updated = new AlertState(alert.alertId(), alert.groupId(), alert.fingerprint(), signal.status(),
                alert.count() + 1, alert.firstSeen(), latest(alert.lastSeen(), signal.observedAt()));
        Set<String> firing = new HashSet<>(group.firing());
        boolean changed = signal.status() == SignalStatus.FIRING ? firing.add(alert.fingerprint()) : firing.remove(alert.fingerprint());
        Instant resolvedAt = firing.isEmpty() ? now : null;
        GroupState next = with(group, signal, group.alerts(), firing, resolvedAt);
        String reason;
        DecisionOutcome outcome = DecisionOutcome.DEDUPLICATED;
        if (!changed) {
            reason = "duplicate of alert " + alert.alertId() + " (" + updated.count() + " signals so far)";
        } else if (signal.status() == SignalStatus.RESOLVED) {
            reason = "resolves alert " + alert.alertId() + (resolvedAt != null ? "; it was the group's last firing alert, the group resolves"
                    : "; " + firing.size() + " alert(s) of the group still fire");
        } else {
            outcome = DecisionOutcome.GROUPED;
            reason = "alert " + alert.alertId() + " fires again in group " + group.groupKey();
        }
        GroupAction action = resolvedAt != null ? GroupAction.RESOLVED : GroupAction.UPDATED;
        return new Result(updated, next, decision(signal, group.groupId(), alert.alertId(), outcome,
                new Decider(DeciderKind.DEDUP, alert.fingerprint(), null), null, reason, now),
                changed ? event(next, action, now) : null);
    }

    private Result join(Signal signal, GroupState group, Instant now) {
        AlertState alert = newAlert(signal, group.groupId());
        Set<String> alerts = new HashSet<>(group.alerts());
        alerts.add(signal.fingerprint());
        Set<String> firing = new HashSet<>(group.firing());
        firing.add(signal.fingerprint());
        GroupState next = with(group, signal, alerts, firing, null);
        return new Result(alert, next, decision(signal, group.groupId(), alert.alertId(), DecisionOutcome.GROUPED,
                new Decider(DeciderKind.CORRELATION_RULE, DEFAULT_RULE, "same asset and kind within " + window),
                null, "new alert joins open group " + group.groupKey() + " (last seen " + group.lastSeen() + ")", now),
                event(next, GroupAction.UPDATED, now));
    }

    private Result open(Signal signal, Instant now) {
        String key = groupKey(signal);
        UUID groupId = id("group", key, signal.id().toString());
        AlertState alert = newAlert(signal, groupId);
        Priority priority = priority(signal.severity());
        GroupState group = new GroupState(groupId, key, signal.kind(), assetKeys(signal), Set.of(signal.fingerprint()),
                Set.of(signal.fingerprint()), 1, signal.severity(), priority, defaultTeam, signal.observedAt(),
                signal.observedAt(), null);
        RouteTarget route = new RouteTarget(RouteAction.INCIDENT, defaultTeam, null, null, List.of());
        return new Result(alert, group, decision(signal, groupId, alert.alertId(), DecisionOutcome.ROUTED,
                new Decider(DeciderKind.DEFAULT, "default-route", "default team " + defaultTeam), route,
                "new alert group " + key + "; no route matched, so the default route sends it to team " + defaultTeam
                        + " as an incident; " + signal.severity().name() + " severity gives " + priority, now),
                event(group, GroupAction.OPENED, now));
    }

    /**
     * Priority from severity alone until enrichment adds criticality and environment: Critical and Fatal are P1,
     * High P2, Medium P3, Low P4, everything else P5.
     */
    static Priority priority(Severity severity) {
        return switch (severity.id()) {
            case 5, 6 -> Priority.P1;
            case 4 -> Priority.P2;
            case 3 -> Priority.P3;
            case 2 -> Priority.P4;
            default -> Priority.P5;
        };
    }

    private GroupState with(GroupState group, Signal signal, Set<String> alerts, Set<String> firing, Instant resolvedAt) {
        Severity max = signal.severity().atLeast(group.maxSeverity()) ? signal.severity() : group.maxSeverity();
        List<String> assets = new ArrayList<>(group.assetKeys());
        for (String asset : assetKeys(signal)) {
            if (!assets.contains(asset)) {
                assets.add(asset);
            }
        }
        return new GroupState(group.groupId(), group.groupKey(), group.kind(), assets, Set.copyOf(alerts),
                Set.copyOf(firing), group.signalCount() + 1, max, priority(max), group.team(), group.firstSeen(),
                latest(group.lastSeen(), signal.observedAt()), resolvedAt);
    }

    private static AlertState newAlert(Signal signal, UUID groupId) {
        return new AlertState(id("alert", signal.fingerprint(), signal.id().toString()), groupId, signal.fingerprint(),
                signal.status(), 1, signal.observedAt(), signal.observedAt());
    }

    private static AlertGroupEvent event(GroupState group, GroupAction action, Instant now) {
        return new AlertGroupEvent(group.groupId(), action, group.groupKey(), DEFAULT_RULE, group.kind(), group.assetKeys(),
                group.alerts().size(), group.firing().size(), group.signalCount(), group.maxSeverity(), group.priority(),
                group.team(), false, group.firstSeen(), group.lastSeen(), group.resolvedAt(), now);
    }

    private static TriageDecision decision(Signal signal, UUID groupId, UUID alertId, DecisionOutcome outcome, Decider decider,
                                           RouteTarget route, String reason, Instant now) {
        SignalSummary summary = new SignalSummary(signal.source().format(), signal.fingerprint(), signal.kind(),
                signal.severity(), signal.status(), signal.asset().key(), signal.title(), signal.observedAt());
        return new TriageDecision(signal.id(), groupId, alertId, outcome, decider, route, priority(signal.severity()),
                null, summary, reason, List.of(), now);
    }

    private static List<String> assetKeys(Signal signal) {
        String key = signal.asset().key();
        return key == null ? List.of() : List.of(key);
    }

    private static Instant latest(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }

    /** Deterministic ids, so a replayed signal (after a crash) recreates the same alert and group. */
    private static UUID id(String kind, String key, String discriminator) {
        return UUID.nameUUIDFromBytes((kind + '\u0000' + key + '\u0000' + discriminator).getBytes(StandardCharsets.UTF_8));
    }
}
