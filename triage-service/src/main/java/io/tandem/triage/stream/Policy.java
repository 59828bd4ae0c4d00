package io.tandem.triage.stream;

import io.tandem.model.signal.AssetRef;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.Decider;
import io.tandem.model.triage.DeciderKind;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.Enrichment;
import io.tandem.model.triage.RouteAction;
import io.tandem.model.triage.RouteTarget;
import io.tandem.model.triage.SignalSummary;
import io.tandem.triage.rules.InhibitRule;
import io.tandem.triage.rules.Matcher;
import io.tandem.triage.rules.RuleBook;
import io.tandem.triage.rules.Silence;
import io.tandem.triage.rules.SignalFields;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What happens to a firing alert of a group that has not paged yet, in this order: a matching active silence mutes
 * it; else an inhibit rule whose source alert fires mutes it; else an open change window on its asset links it to the
 * change; else the route tree sends it on. A change window never holds a configuration-change signal (the change's
 * own footprint stays visible), a Critical or Fatal signal, or a security signal of High and above.
 */
final class Policy {

    /** What the policies decided, with the reason in words. */
    record Verdict(DecisionOutcome outcome, Decider decider, RouteTarget route, String reason, List<String> flags) {

        /** Muted or linked: held until the hold lifts. */
        boolean holds() {
            return outcome == DecisionOutcome.SILENCED || outcome == DecisionOutcome.INHIBITED
                    || outcome == DecisionOutcome.CHANGE_LINKED;
        }
    }

    private static final char SEPARATOR = '\u001f';
    private static final StringSerializer KEYS = new StringSerializer();

    private final String defaultTeam;
    private final ReadOnlyKeyValueStore<String, byte[]> changes;
    private final KeyValueStore<String, String> tracked;
    private final ReadOnlyKeyValueStore<String, byte[]> inhibitions;

    /**
     * @param tracked     the sources this task has published, so a repeat publishes nothing and a resolve is never
     *                    missed while the global view still lags
     * @param inhibitions every instance's firing sources, from {@code triage.inhibitions}
     */
    Policy(String defaultTeam, ReadOnlyKeyValueStore<String, byte[]> changes, KeyValueStore<String, String> tracked,
           ReadOnlyKeyValueStore<String, byte[]> inhibitions) {
        this.defaultTeam = defaultTeam;
        this.changes = changes;
        this.tracked = tracked;
        this.inhibitions = inhibitions;
    }

    /**
     * Whether this signal's alert now fires as the source of each inhibit rule it matches: what changed, to publish on
     * {@code triage.inhibitions} (the source's fingerprint while it fires, a tombstone once it stops).
     */
    List<KeyValue<String, byte[]>> track(RuleBook book, SignalSummary signal, Enrichment asset) {
        SignalFields fields = new SignalFields(signal, asset);
        List<KeyValue<String, byte[]>> changed = new ArrayList<>();
        for (InhibitRule rule : book.inhibitRules()) {
            if (!all(rule.sourceMatchers(), fields)) {
                continue;
            }
            String key = key(rule, fields) + SEPARATOR + signal.fingerprint();
            boolean known = tracked.get(key) != null;
            if (signal.status() == SignalStatus.FIRING && !known) {
                tracked.put(key, signal.fingerprint());
                changed.add(KeyValue.pair(key, signal.fingerprint().getBytes(StandardCharsets.UTF_8)));
            } else if (signal.status() != SignalStatus.FIRING && known) {
                tracked.delete(key);
                changed.add(KeyValue.pair(key, null));
            }
        }
        return changed;
    }

    Verdict decide(RuleBook book, SignalSummary signal, Enrichment asset, AssetRef ref, Instant now) {
        SignalFields fields = new SignalFields(signal, asset);
        List<String> flags = new ArrayList<>();
        if (asset == null || !asset.managed()) {
            flags.add("unmanaged-asset");
        }
        Optional<Silence> silence = book.silencing(fields, now, this::changeOver);
        if (silence.isPresent()) {
            Silence s = silence.get();
            return new Verdict(DecisionOutcome.SILENCED, new Decider(DeciderKind.SILENCE, s.id().toString(), s.comment()),
                    null, "muted by silence " + s.id() + " {" + matchers(s.matchers()) + "}"
                    + (s.endsAt() == null ? "" : " until " + s.endsAt())
                    + (s.createdBy() == null ? "" : ", created by " + s.createdBy())
                    + (s.comment() == null ? "" : ": " + s.comment()), flags);
        }
        for (InhibitRule rule : book.inhibitRules()) {
            if (!all(rule.targetMatchers(), fields)) {
                continue;
            }
            Optional<String> source = firingSource(rule, fields, signal.fingerprint());
            if (source.isPresent()) {
                return new Verdict(DecisionOutcome.INHIBITED,
                        new Decider(DeciderKind.INHIBIT_RULE, rule.id().toString(), rule.name()), null,
                        "inhibited by rule " + (rule.name() == null ? rule.id() : "'" + rule.name() + "'")
                                + ": source alert " + source.get() + " fires" + equalText(rule, fields), flags);
            }
        }
        String overridden = "";
        if (signal.kind() != SignalKind.CONFIGURATION_CHANGE) {
            ChangeWindow window = ChangeIndex.openOn(changes, asset, ref, now);
            if (window != null && changeMayHold(signal)) {
                return new Verdict(DecisionOutcome.CHANGE_LINKED,
                        new Decider(DeciderKind.CHANGE, window.changeId().toString(), window.title()),
                        new RouteTarget(RouteAction.CHANGE_LINK, team(null, asset), null, window.changeId(), List.of()),
                        "inside the window of change " + window.changeId() + " ('" + window.title() + "', until "
                                + window.end() + ") on this asset: linked to the change instead of paging; it pages "
                                + "if still firing when the window closes", flags);
            }
            if (window != null) {
                flags.add("change-window-overridden");
                overridden = "; change " + window.changeId() + " is in its window on this asset, but a "
                        + signal.severity().name() + " " + signal.kind().wire() + " signal is never held by a change window";
            }
        }
        return route(book, fields, asset, flags, null, overridden);
    }

    /** The route tree's verdict; {@code changeId} links a follow-up decision to the change whose window it outlived. */
    Verdict route(RuleBook book, SignalFields fields, Enrichment asset, List<String> flags, UUID changeId, String note) {
        Optional<RuleBook.Routed> routed = book.route(fields);
        if (routed.isPresent()) {
            RuleBook.Routed r = routed.get();
            String team = team(r.team(), asset);
            DecisionOutcome outcome = r.action() == RouteAction.SUPPRESS ? DecisionOutcome.SUPPRESSED : DecisionOutcome.ROUTED;
            String name = r.route().name() == null ? r.route().id().toString() : "'" + r.route().name() + "'";
            return new Verdict(outcome, new Decider(DeciderKind.ROUTE, r.route().id().toString(), r.route().name()),
                    new RouteTarget(r.action(), team, r.escalationPolicyId(), changeId, r.actions()),
                    switch (r.action()) {
                        case SUPPRESS -> "route " + name + " suppresses it";
                        case NOTIFY -> "route " + name + " notifies team " + team;
                        default -> "route " + name + " sends it to team " + team + " as an incident";
                    } + note, flags);
        }
        String team = team(null, asset);
        String why = asset != null && asset.ownerTeam() != null
                ? "no route matched, so it goes to the asset's owner team " + team + " as an incident"
                : "no route matched and the asset has no owner team, so it goes to the default team " + team + " as an incident";
        return new Verdict(DecisionOutcome.ROUTED, new Decider(DeciderKind.DEFAULT, "default-route", null),
                new RouteTarget(RouteAction.INCIDENT, team, null, changeId, List.of()), why + note, flags);
    }

    boolean changeOver(UUID changeId) {
        ChangeWindow window = ChangeIndex.get(changes, changeId);
        return window != null && window.over();
    }

    private String team(String routeTeam, Enrichment asset) {
        if (routeTeam != null) {
            return routeTeam;
        }
        return asset != null && asset.ownerTeam() != null ? asset.ownerTeam() : defaultTeam;
    }

    private static boolean changeMayHold(SignalSummary signal) {
        if (signal.severity().atLeast(Severity.CRITICAL)) {
            return false;
        }
        return !(signal.kind() == SignalKind.SECURITY && signal.severity().atLeast(Severity.HIGH));
    }

    private static boolean all(List<Matcher> matchers, SignalFields fields) {
        for (Matcher matcher : matchers) {
            if (!matcher.matches(fields)) {
                return false;
            }
        }
        return true;
    }

    /** A firing source of {@code rule} with the same {@code equal} values, other than the alert itself. */
    private Optional<String> firingSource(InhibitRule rule, SignalFields fields, String self) {
        try (KeyValueIterator<String, byte[]> sources = inhibitions.prefixScan(key(rule, fields) + SEPARATOR, KEYS)) {
            while (sources.hasNext()) {
                String fingerprint = new String(sources.next().value, StandardCharsets.UTF_8);
                if (!fingerprint.equals(self)) {
                    return Optional.of(fingerprint);
                }
            }
        }
        return Optional.empty();
    }

    /** The rule and its {@code equal} label values: the sources under one key mute the targets with the same key. */
    private static String key(InhibitRule rule, SignalFields fields) {
        StringBuilder key = new StringBuilder(rule.id().toString());
        for (String label : rule.equal()) {
            String value = fields.apply(label);
            key.append(SEPARATOR).append(value == null ? "" : value);
        }
        return key.toString();
    }

    private static String equalText(InhibitRule rule, SignalFields fields) {
        if (rule.equal().isEmpty()) {
            return "";
        }
        return " with the same " + rule.equal().stream().map(l -> l + "=\"" + (fields.apply(l) == null ? "" : fields.apply(l)) + "\"")
                .collect(Collectors.joining(", "));
    }

    private static String matchers(List<Matcher> matchers) {
        return matchers.stream().map(Matcher::toString).collect(Collectors.joining(", "));
    }
}
