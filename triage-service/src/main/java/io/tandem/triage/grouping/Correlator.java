package io.tandem.triage.grouping;

import io.tandem.model.Priority;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.model.triage.Decider;
import io.tandem.model.triage.DeciderKind;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.Enrichment;
import io.tandem.model.triage.GroupAction;
import io.tandem.model.triage.SignalSummary;
import io.tandem.model.triage.TriageDecision;
import io.tandem.triage.rules.PriorityTable;

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
 * fingerprint are one alert; new alerts on the same asset and kind within the window join one alert group; a group
 * resolves when its last firing alert resolves. Whether a firing alert of a group nobody has been paged for yet
 * pages is not decided here but by the policies (silences, inhibition, change windows, routes).
 */
public final class Correlator {

    /** The default correlation rule's id in decisions and metrics. */
    public static final String DEFAULT_RULE = "default:asset+kind";

    private final Duration window;
    private final PriorityTable priorities;
    private final FlapPolicy flaps;

    /**
     * How one signal groups: under which key, within which window of the group's last signal, by which rule.
     */
    public record Grouping(String key, Duration window, String ruleId, String ruleName) {
    }

    public Correlator(Duration window, PriorityTable priorities, FlapPolicy flaps) {
        this.window = window;
        this.priorities = priorities;
        this.flaps = flaps;
    }

    /**
     * The new states (null = unchanged), the decision (null when the alert opens a group, which the policies decide),
     * and the group lifecycle event if the group changed.
     */
    public record Result(AlertState alert, GroupState group, TriageDecision decision, AlertGroupEvent groupEvent) {
    }

    /** The default rule's grouping of a signal. */
    public Grouping byDefault(Signal signal) {
        return new Grouping(groupKey(signal), window, DEFAULT_RULE, "same asset and kind within " + window);
    }

    /** The group key of the default rule: the asset and the kind; a signal naming no asset groups by its fingerprint. */
    public static String groupKey(Signal signal) {
        String asset = signal.asset().key();
        return (asset == null ? "fingerprint:" + signal.fingerprint() : asset) + "|" + signal.kind().wire();
    }

    public Result apply(Signal signal, Enrichment asset, AlertState alert, GroupState group, Grouping grouping, Instant now) {
        boolean sameGroup = alert != null && group != null && group.open() && group.groupId().equals(alert.groupId());
        if (sameGroup) {
            return update(signal, asset, alert, group, now);
        }
        // An alert that fires again soon after its group resolved reopens that group instead of paging anew, so a
        // check that flaps is counted as flapping on one group.
        boolean reopens = alert != null && group != null && !group.open() && group.groupId().equals(alert.groupId())
                && signal.status() == SignalStatus.FIRING && now.isBefore(group.resolvedAt().plus(flaps.window()));
        if (reopens) {
            return update(signal, asset, alert, group.reopened(), now);
        }
        if (signal.status() == SignalStatus.RESOLVED) {
            UUID groupId = alert != null ? alert.groupId() : id("group", grouping.key(), signal.fingerprint());
            return new Result(null, null, decision(signal, asset, groupId, alert == null ? null : alert.alertId(),
                    DecisionOutcome.DEDUPLICATED, new Decider(DeciderKind.DEDUP, signal.fingerprint(), null),
                    "resolve for an alert that is not open; nothing to resolve", now), null);
        }
        boolean joins = group != null && group.open() && !signal.observedAt().isAfter(group.lastSeen().plus(grouping.window()));
        return joins ? join(signal, asset, group, grouping, now) : open(signal, asset, grouping, now);
    }

    private Result update(Signal signal, Enrichment asset, AlertState alert, GroupState group, Instant now) {
        List<Instant> changes = new ArrayList<>();
        for (Instant change : alert.changes()) {
            if (change.isAfter(now.minus(flaps.window()))) {
                changes.add(change);
            }
        }
        if (signal.status() != alert.status()) {
            changes.add(now);
        }
        boolean flapping = alert.flapping() || changes.size() > flaps.changes();
        AlertState updated = new AlertState(alert.alertId(), alert.groupId(), alert.fingerprint(), signal.status(),
                alert.count() + 1, alert.firstSeen(), latest(alert.lastSeen(), signal.observedAt()), changes, flapping);
        Set<String> firing = new HashSet<>(group.firing());
        boolean heldOpen = flapping && signal.status() == SignalStatus.RESOLVED;
        boolean changed = signal.status() == SignalStatus.FIRING ? firing.add(alert.fingerprint())
                : !heldOpen && firing.remove(alert.fingerprint());
        Set<String> flappingAlerts = new HashSet<>(group.flapping());
        boolean startsFlapping = flapping && flappingAlerts.add(alert.fingerprint());
        Instant resolvedAt = firing.isEmpty() ? now : null;
        GroupState next = with(group, signal, asset, group.alerts(), firing, resolvedAt, flappingAlerts);
        String reason;
        DecisionOutcome outcome = DecisionOutcome.DEDUPLICATED;
        if (heldOpen) {
            reason = "alert " + alert.alertId() + " is flapping (" + changes.size() + " status changes within "
                    + flaps.window() + "): held open, so its group neither resolves nor pages again, until it has been "
                    + "stable for " + flaps.holdDown();
        } else if (!changed) {
            reason = "duplicate of alert " + alert.alertId() + " (" + updated.count() + " signals so far)";
        } else if (signal.status() == SignalStatus.RESOLVED) {
            reason = "resolves alert " + alert.alertId() + (resolvedAt != null ? "; it was the group's last firing alert, the group resolves"
                    : "; " + firing.size() + " alert(s) of the group still fire");
        } else {
            outcome = DecisionOutcome.GROUPED;
            reason = "alert " + alert.alertId() + " fires again in group " + group.groupKey();
        }
        GroupAction action = resolvedAt != null ? GroupAction.RESOLVED : GroupAction.UPDATED;
        TriageDecision decision = decision(signal, asset, group.groupId(), alert.alertId(), outcome,
                new Decider(DeciderKind.DEDUP, alert.fingerprint(), null), reason, now);
        if (flapping) {
            decision = withFlag(decision, "flapping");
        }
        return new Result(updated, next, decision, changed || startsFlapping ? event(next, action, now) : null);
    }

    private Result join(Signal signal, Enrichment asset, GroupState group, Grouping grouping, Instant now) {
        AlertState alert = newAlert(signal, group.groupId());
        Set<String> alerts = new HashSet<>(group.alerts());
        alerts.add(signal.fingerprint());
        Set<String> firing = new HashSet<>(group.firing());
        firing.add(signal.fingerprint());
        GroupState next = with(group, signal, asset, alerts, firing, null, group.flapping());
        return new Result(alert, next, decision(signal, asset, group.groupId(), alert.alertId(), DecisionOutcome.GROUPED,
                new Decider(DeciderKind.CORRELATION_RULE, grouping.ruleId(), grouping.ruleName()),
                "new alert joins open group " + group.groupKey() + " by " + grouping.ruleName() + " (last seen "
                        + group.lastSeen() + ")", now),
                event(next, GroupAction.UPDATED, now));
    }

    private Result open(Signal signal, Enrichment asset, Grouping grouping, Instant now) {
        String key = grouping.key();
        UUID groupId = id("group", key, signal.id().toString());
        AlertState alert = newAlert(signal, groupId);
        GroupState group = new GroupState(groupId, key, signal.kind(), assetKeys(signal), Set.of(signal.fingerprint()),
                Set.of(signal.fingerprint()), 1, signal.severity(), priority(signal, signal.severity(), asset), null,
                signal.observedAt(), signal.observedAt(), null, false, Set.of(), grouping.ruleId());
        return new Result(alert, group, null, event(group, GroupAction.OPENED, now));
    }

    /** The priority table applied to a severity (the signal's, or the group's highest) on the signal's asset. */
    public Priority priority(Signal signal, Severity severity, Enrichment asset) {
        return priorities.priority(severity, signal.kind(), asset);
    }

    private GroupState with(GroupState group, Signal signal, Enrichment asset, Set<String> alerts, Set<String> firing,
                            Instant resolvedAt, Set<String> flapping) {
        Severity max = signal.severity().atLeast(group.maxSeverity()) ? signal.severity() : group.maxSeverity();
        List<String> assets = new ArrayList<>(group.assetKeys());
        for (String key : assetKeys(signal)) {
            if (!assets.contains(key)) {
                assets.add(key);
            }
        }
        return new GroupState(group.groupId(), group.groupKey(), group.kind(), assets, Set.copyOf(alerts),
                Set.copyOf(firing), group.signalCount() + 1, max, priority(signal, max, asset), group.team(),
                group.firstSeen(), latest(group.lastSeen(), signal.observedAt()), resolvedAt, group.routed(), flapping,
                group.correlationRule());
    }

    private static AlertState newAlert(Signal signal, UUID groupId) {
        return new AlertState(id("alert", signal.fingerprint(), signal.id().toString()), groupId, signal.fingerprint(),
                signal.status(), 1, signal.observedAt(), signal.observedAt(), List.of(), false);
    }

    /** The lifecycle event for a group's state after a step. */
    public static AlertGroupEvent event(GroupState group, GroupAction action, Instant now) {
        return new AlertGroupEvent(group.groupId(), action, group.groupKey(), group.correlationRule(), group.kind(), group.assetKeys(),
                group.alerts().size(), group.firing().size(), group.signalCount(), group.maxSeverity(), group.priority(),
                group.team(), !group.flapping().isEmpty(), group.firstSeen(), group.lastSeen(), group.resolvedAt(), now);
    }

    private TriageDecision decision(Signal signal, Enrichment asset, UUID groupId, UUID alertId, DecisionOutcome outcome,
                                    Decider decider, String reason, Instant now) {
        return new TriageDecision(signal.id(), groupId, alertId, outcome, decider, null,
                priority(signal, signal.severity(), asset), asset, summary(signal), reason, List.of(), now);
    }

    private static TriageDecision withFlag(TriageDecision d, String flag) {
        List<String> flags = new ArrayList<>(d.flags());
        flags.add(flag);
        return new TriageDecision(d.signalId(), d.alertGroupId(), d.alertId(), d.outcome(), d.decidedBy(), d.route(),
                d.priority(), d.enrichment(), d.signal(), d.reason(), flags, d.decidedAt());
    }

    public FlapPolicy flaps() {
        return flaps;
    }

    /** The signal fields a decision carries, and the ones matchers read. */
    public static SignalSummary summary(Signal signal) {
        return new SignalSummary(signal.source().format(), signal.fingerprint(), signal.kind(), signal.severity(),
                signal.status(), signal.asset().key(), signal.title(), signal.observedAt(), signal.labels());
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
