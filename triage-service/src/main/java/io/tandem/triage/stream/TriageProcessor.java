package io.tandem.triage.stream;

import io.tandem.model.EventTypes;
import io.tandem.model.Headers;
import io.tandem.model.event.Envelope;
import io.tandem.model.json.EventFormatException;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.model.triage.DeciderKind;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.Enrichment;
import io.tandem.model.triage.GroupAction;
import io.tandem.model.triage.RouteAction;
import io.tandem.model.triage.RouteTarget;
import io.tandem.model.triage.SignalSummary;
import io.tandem.model.triage.TriageDecision;
import io.tandem.triage.grouping.AlertState;
import io.tandem.triage.grouping.Correlator;
import io.tandem.triage.grouping.GroupState;
import io.tandem.triage.rules.CorrelationRule;
import io.tandem.triage.rules.PriorityTable;
import io.tandem.triage.rules.RuleBook;
import io.tandem.triage.rules.SignalFields;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Triage of one signal: enrich it from the asset index, dedup and correlate it (alert and group stores), track it as
 * an inhibition source, and, for a firing alert of a group that has not paged yet, let the {@link Policy} decide.
 * Exactly one decision per signal goes to {@code triage.decisions} (CloudEvent id = signal id) and any group change
 * to {@code alerts.groups}; a record that is not a Signal goes to {@code signals.dlq} with the reason.
 *
 * <p>A punctuator (wall-clock, so {@code TopologyTestDriver} can drive it) re-examines held alerts: when the silence,
 * inhibition or change window that held one has lifted and it still fires in a group that has not paged, it gets one
 * follow-up decision (CloudEvent id {@code <signal id>:released}); outliving a change window marks it
 * {@code possibly-change-induced} with the change linked.
 */
public class TriageProcessor implements Processor<String, byte[], String, Out> {

    static final String RELEASED = ":released";
    private static final URI SOURCE = Envelope.service("triage");

    private final Correlator correlator;
    private final StreamTopics topics;
    private final Lane lane;
    private final PriorityTable priorities;
    private final String defaultTeam;
    private final Duration holdCheck;
    private final DecisionListener listener;
    private ProcessorContext<String, Out> context;
    private KeyValueStore<String, AlertState> alerts;
    private KeyValueStore<String, GroupState> groups;
    private KeyValueStore<String, Held> held;
    private KeyValueStore<String, String> flapping;
    private ReadOnlyKeyValueStore<String, byte[]> assets;
    private ConfigIndex.Reader rules;
    private Policy policy;

    /**
     * The two lanes of the topology, each with stores of its own: signals grouped by the default rule, on their
     * asset's partition, and signals a correlation rule grouped, repartitioned by group key.
     */
    public enum Lane {
        ASSET(""), CORRELATED("-correlated");

        private final String suffix;

        Lane(String suffix) {
            this.suffix = suffix;
        }

        public String store(String name) {
            return name + suffix;
        }
    }

    public TriageProcessor(Correlator correlator, StreamTopics topics, Lane lane, PriorityTable priorities,
                           String defaultTeam, Duration holdCheck, DecisionListener listener) {
        this.correlator = correlator;
        this.topics = topics;
        this.lane = lane;
        this.priorities = priorities;
        this.defaultTeam = defaultTeam;
        this.holdCheck = holdCheck;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, Out> context) {
        this.context = context;
        this.alerts = context.getStateStore(lane.store(TriageTopology.ALERTS_STORE));
        this.groups = context.getStateStore(lane.store(TriageTopology.GROUPS_STORE));
        this.held = context.getStateStore(lane.store(TriageTopology.HELD_STORE));
        this.flapping = context.getStateStore(lane.store(TriageTopology.FLAPPING_STORE));
        this.assets = context.getStateStore(TriageTopology.ASSETS_STORE);
        this.rules = new ConfigIndex.Reader(context.getStateStore(TriageTopology.CONFIG_STORE));
        this.policy = new Policy(defaultTeam, context.getStateStore(TriageTopology.CHANGES_STORE),
                context.getStateStore(lane.store(TriageTopology.INHIBIT_STORE)),
                context.getStateStore(TriageTopology.INHIBITIONS_STORE));
        context.schedule(holdCheck, PunctuationType.WALL_CLOCK_TIME, this::recheck);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Signal signal;
        try {
            signal = Json.read(record.value() == null ? new byte[0] : record.value(), Signal.class);
        } catch (EventFormatException e) {
            deadLetter(record, e);
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        RuleBook book = rules.current();
        Enrichment asset = AssetIndex.lookup(assets, signal.asset());
        SignalSummary summary = Correlator.summary(signal);
        for (KeyValue<String, byte[]> source : policy.track(book, summary, asset)) {
            forward(topics.inhibitions(), source.key, source.value, new Envelope(source.key + ":" + signal.id(),
                    EventTypes.of("inhibitionsource", source.value == null ? "cleared" : "firing"), SOURCE,
                    signal.fingerprint(), now), record.timestamp());
        }

        Correlator.Grouping grouping = grouping(record.key(), signal, book);
        String groupKey = grouping.key();
        AlertState previous = alerts.get(signal.fingerprint());
        Correlator.Result result = correlator.apply(signal, asset, previous, groups.get(groupKey), grouping, now);
        if (result.alert() != null && result.alert().flapping() && (previous == null || !previous.flapping())) {
            flapping.put(signal.fingerprint(), groupKey);
        }
        AlertState alert = result.alert() != null ? result.alert() : alerts.get(signal.fingerprint());
        GroupState group = result.group();
        AlertGroupEvent groupEvent = result.groupEvent();
        TriageDecision decision = result.decision();
        if (signal.status() == SignalStatus.FIRING && group != null && !group.routed()) {
            Policy.Verdict verdict = policy.decide(book, summary, asset, signal.asset(), now);
            decision = new TriageDecision(signal.id(), group.groupId(), alert.alertId(), verdict.outcome(), verdict.decider(),
                    verdict.route(), correlator.priority(signal, signal.severity(), asset), asset, summary,
                    verdict.reason(), verdict.flags(), now);
            if (verdict.holds()) {
                held.put(signal.fingerprint(), new Held(signal.id(), alert.alertId(), group.groupId(), groupKey, summary,
                        asset, signal.asset(), verdict.decider(), now));
            } else {
                release(signal.fingerprint());
                if (pages(verdict.outcome(), verdict.route())) {
                    group = group.routedTo(verdict.route().team());
                    groupEvent = Correlator.event(group, groupEvent == null ? GroupAction.UPDATED : groupEvent.action(), now);
                }
            }
        } else if (signal.status() == SignalStatus.RESOLVED) {
            release(signal.fingerprint());
        }
        if (result.alert() != null) {
            alerts.put(signal.fingerprint(), result.alert());
        }
        if (group != null) {
            groups.put(groupKey, group);
        }
        emit(decision, signal.id().toString(), now, record.timestamp());
        listener.decided(decision, null);
        if (groupEvent != null) {
            emitGroup(groupEvent, signal.id().toString(), now, record.timestamp());
        }
    }

    /** The correlated lane's key is the group key a correlation rule gave; the asset lane groups by the default rule. */
    private Correlator.Grouping grouping(String key, Signal signal, RuleBook book) {
        if (lane == Lane.ASSET || key == null || !key.startsWith(CorrelationClassifier.CORRELATED)) {
            return correlator.byDefault(signal);
        }
        String groupKey = key.substring(CorrelationClassifier.CORRELATED.length());
        String ruleId = groupKey.substring("rule:".length(), groupKey.indexOf('|'));
        Optional<CorrelationRule> rule = book.correlationRule(UUID.fromString(ruleId));
        Duration window = rule.map(CorrelationRule::window).orElse(correlator.byDefault(signal).window());
        String name = rule.map(r -> r.name() == null ? "correlation rule " + ruleId : "correlation rule '" + r.name() + "'")
                .orElse("deleted correlation rule " + ruleId);
        return new Correlator.Grouping(groupKey, window, ruleId, name + ": same " + groupKey.substring(groupKey.indexOf('|') + 1)
                + " within " + window);
    }

    private void recheck(long wallClockMs) {
        releaseHolds(wallClockMs);
        settleFlapping(wallClockMs);
    }

    /**
     * A flapping alert that has kept one status for the hold-down period is stable again; if it rests resolved, it
     * stops holding its group open, and the group resolves if nothing else fires.
     */
    private void settleFlapping(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        List<KeyValue<String, String>> all = new ArrayList<>();
        try (KeyValueIterator<String, String> iterator = flapping.all()) {
            iterator.forEachRemaining(all::add);
        }
        for (KeyValue<String, String> entry : all) {
            AlertState alert = alerts.get(entry.key);
            if (alert == null || !alert.flapping()) {
                flapping.delete(entry.key);
                continue;
            }
            Instant lastChange = alert.changes().isEmpty() ? alert.lastSeen() : alert.changes().get(alert.changes().size() - 1);
            if (now.isBefore(lastChange.plus(correlator.flaps().holdDown()))) {
                continue;
            }
            alerts.put(entry.key, alert.settled());
            flapping.delete(entry.key);
            GroupState group = groups.get(entry.value);
            if (group == null || !group.open() || !group.groupId().equals(alert.groupId())) {
                continue;
            }
            GroupState settled = group.settled(entry.key, alert.status() == SignalStatus.RESOLVED, now);
            groups.put(entry.value, settled);
            emitGroup(Correlator.event(settled, settled.open() ? GroupAction.UPDATED : GroupAction.RESOLVED, now),
                    "stable:" + entry.key + ":" + lastChange.toEpochMilli(), now, wallClockMs);
        }
    }

    private void releaseHolds(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        RuleBook book = rules.current();
        List<KeyValue<String, Held>> all = new ArrayList<>();
        try (KeyValueIterator<String, Held> iterator = held.all()) {
            iterator.forEachRemaining(all::add);
        }
        for (KeyValue<String, Held> entry : all) {
            Held hold = entry.value;
            GroupState group = groups.get(hold.groupKey());
            AlertState alert = alerts.get(entry.key);
            if (group == null || !group.open() || group.routed() || !group.groupId().equals(hold.groupId())
                    || alert == null || alert.status() != SignalStatus.FIRING) {
                held.delete(entry.key);
                continue;
            }
            Policy.Verdict verdict = policy.decide(book, hold.signal(), hold.asset(), hold.ref(), now);
            if (verdict.holds()) {
                if (!verdict.decider().equals(hold.decider())) {
                    held.put(entry.key, new Held(hold.signalId(), hold.alertId(), hold.groupId(), hold.groupKey(),
                            hold.signal(), hold.asset(), hold.ref(), verdict.decider(), hold.heldAt()));
                }
                continue;
            }
            List<String> flags = new ArrayList<>(verdict.flags());
            flags.add("follow-up");
            String released = switch (hold.decider().kind()) {
                case SILENCE -> "silence " + hold.decider().id() + " no longer mutes it";
                case INHIBIT_RULE -> "inhibit rule " + hold.decider().id() + " no longer mutes it (its source alert stopped firing)";
                default -> "";
            };
            if (hold.decider().kind() == DeciderKind.CHANGE) {
                flags.add("possibly-change-induced");
                verdict = policy.route(book, new SignalFields(hold.signal(), hold.asset()), hold.asset(), flags,
                        UUID.fromString(hold.decider().id()), "");
                released = "still firing when the window of change " + hold.decider().id() + " closed: possibly change-induced";
            }
            TriageDecision decision = new TriageDecision(hold.signalId(), group.groupId(), alert.alertId(),
                    verdict.outcome(), verdict.decider(), verdict.route(),
                    priorities.priority(hold.signal().severity(), hold.signal().kind(), hold.asset()), hold.asset(),
                    hold.signal(), released + "; " + verdict.reason(), flags, now);
            held.delete(entry.key);
            emit(decision, hold.signalId() + RELEASED, now, wallClockMs);
            listener.decided(decision, hold.decider());
            if (pages(verdict.outcome(), verdict.route())) {
                GroupState routed = group.routedTo(verdict.route().team());
                groups.put(hold.groupKey(), routed);
                emitGroup(Correlator.event(routed, GroupAction.UPDATED, now), hold.signalId() + RELEASED, now, wallClockMs);
            }
        }
    }

    /** Drops a hold if there is one; most signals have none, and a blind delete would still write a tombstone. */
    private void release(String fingerprint) {
        if (held.get(fingerprint) != null) {
            held.delete(fingerprint);
        }
    }

    private static boolean pages(DecisionOutcome outcome, RouteTarget route) {
        return outcome == DecisionOutcome.ROUTED && route != null
                && (route.action() == RouteAction.INCIDENT || route.action() == RouteAction.NOTIFY);
    }

    private void emit(TriageDecision decision, String eventId, Instant now, long timestamp) {
        forward(topics.decisions(), decision.alertGroupId().toString(), Json.write(decision),
                new Envelope(eventId, EventTypes.DECISION_MADE, SOURCE, decision.signalId().toString(), now), timestamp);
    }

    private void emitGroup(AlertGroupEvent event, String cause, Instant now, long timestamp) {
        forward(topics.groups(), event.groupId().toString(), Json.write(event),
                new Envelope(event.groupId() + ":" + cause, EventTypes.of("alertgroup", event.action().wire()),
                        SOURCE, event.groupId().toString(), now), timestamp);
    }

    private void forward(String topic, String key, byte[] value, Envelope envelope, long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        envelope.writeTo(headers);
        context.forward(new Record<>(key, new Out(topic, value), timestamp, headers));
    }

    private void deadLetter(Record<String, byte[]> record, EventFormatException e) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(Headers.ERROR, "invalid-signal".getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.ERROR_DETAIL, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
        context.recordMetadata().ifPresent(m -> {
            headers.add(Headers.ORIGIN_TOPIC, m.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(Headers.ORIGIN_PARTITION, String.valueOf(m.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(Headers.ORIGIN_OFFSET, String.valueOf(m.offset()).getBytes(StandardCharsets.UTF_8));
        });
        context.forward(new Record<>(record.key(), new Out(topics.dlq(), record.value()), record.timestamp(), headers));
    }
}
