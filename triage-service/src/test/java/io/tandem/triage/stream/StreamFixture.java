package io.tandem.triage.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.AssetType;
import io.tandem.model.asset.Identifier;
import io.tandem.model.asset.IdentifierType;
import io.tandem.model.asset.Lifecycle;
import io.tandem.model.change.Change;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.change.ChangeStatus;
import io.tandem.model.change.ChangeType;
import io.tandem.model.json.Json;
import io.tandem.model.signal.AssetRef;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalSource;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.model.triage.TriageDecision;
import io.tandem.triage.TriageStreams;
import io.tandem.triage.grouping.FlapPolicy;
import io.tandem.triage.rules.PriorityTable;
import io.tandem.triage.rules.Rule;
import io.tandem.triage.rules.RuleKind;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The triage topology under {@link TopologyTestDriver}: in-memory stores, a wall clock the test moves (punctuators
 * fire on {@link #advance}), the contract topics, and helpers to feed signals, rules, assets and changes.
 */
public final class StreamFixture implements AutoCloseable {

    public static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    public static final Duration HOLD_CHECK = Duration.ofSeconds(10);
    public static final FlapPolicy FLAPS = new FlapPolicy(4, Duration.ofMinutes(10), Duration.ofMinutes(15));
    public static final PriorityTable PRIORITIES = new PriorityTable(
            "fatal:P1,critical:P1,high:P2,medium:P3,low:P4,informational:P5,unknown:P5,other:P5",
            "1:-1,2:0,3:0,4:+1", "dev:+1,development:+1,test:+1,staging:+1,sandbox:+1", "vulnerability:+1");

    public final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> signals;
    private final TestInputTopic<String, byte[]> config;
    private final TestInputTopic<String, byte[]> assets;
    private final TestInputTopic<String, byte[]> changes;
    public final TestOutputTopic<String, byte[]> decisions;
    public final TestOutputTopic<String, byte[]> groups;
    public final TestOutputTopic<String, byte[]> dlq;
    private Instant now = T0;

    public StreamFixture() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "triage-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        StreamTopics topics = StreamTopics.CONTRACT;
        driver = new TopologyTestDriver(TriageTopology.build(new TriageTopology.Settings(topics, Duration.ofMinutes(30),
                FLAPS, "sre", PRIORITIES, HOLD_CHECK, TriageStreams.counting(metrics)), Stores::inMemoryKeyValueStore), props, T0);
        signals = driver.createInputTopic(topics.signals(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        config = driver.createInputTopic(topics.config(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        assets = driver.createInputTopic(topics.assets(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        changes = driver.createInputTopic(topics.changes(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        decisions = driver.createOutputTopic(topics.decisions(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        groups = driver.createOutputTopic(topics.groups(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        dlq = driver.createOutputTopic(topics.dlq(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    /** The wall clock now. */
    public Instant now() {
        return now;
    }

    /** Moves the wall clock, firing due punctuators (hold re-checks). */
    public void advance(Duration by) {
        now = now.plus(by);
        driver.advanceWallClockTime(by);
    }

    public void send(Signal signal) {
        signals.pipeInput(signal.asset().key(), Json.write(signal), signal.observedAt());
    }

    public void sendRaw(String key, String value) {
        signals.pipeInput(key, value.getBytes(StandardCharsets.UTF_8), now);
    }

    public void rule(RuleKind kind, Rule rule) {
        config.pipeInput(kind.key(rule.id()), Json.write(rule), now);
    }

    public void deleteRule(RuleKind kind, UUID id) {
        config.pipeInput(kind.key(id), null, now);
    }

    public void asset(Asset asset) {
        assets.pipeInput(asset.id().toString(), Json.write(asset), now);
    }

    public void change(Change change) {
        changes.pipeInput(change.id().toString(), Json.write(new ChangeEvent(ChangeAction.UPDATED, change, "cm", null, now)), now);
    }

    public List<TriageDecision> decisions() {
        return decisions.readValuesToList().stream().map(v -> Json.read(v, TriageDecision.class)).toList();
    }

    public TriageDecision decision() {
        return Json.read(decisions.readValue(), TriageDecision.class);
    }

    public List<TestRecord<String, byte[]>> decisionRecords() {
        return decisions.readRecordsToList();
    }

    public List<AlertGroupEvent> groupEvents() {
        return groups.readValuesToList().stream().map(v -> Json.read(v, AlertGroupEvent.class)).toList();
    }

    public double counter(String name, String... tags) {
        var counter = metrics.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        driver.close();
    }

    public static String header(TestRecord<String, byte[]> record, String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    public static Signal signal(String fingerprint, String host, SignalKind kind, SignalStatus status, Severity severity,
                                Instant at) {
        return signal(fingerprint, host, kind, status, severity, at, Map.of());
    }

    public static Signal signal(String fingerprint, String host, SignalKind kind, SignalStatus status, Severity severity,
                                Instant at, Map<String, String> labels) {
        return new Signal(UUID.randomUUID(), new SignalSource("alertmanager", "test"), fingerprint + "@" + at, fingerprint,
                kind, null, fingerprint + " on " + host, null, severity, status, at, at,
                new AssetRef(host, null, null, null, "prod"), labels, List.of(), List.of(), null, null, null);
    }

    public static Asset asset(String host, String team, String environment, Integer criticality) {
        return new Asset(UUID.nameUUIDFromBytes(host.getBytes(StandardCharsets.UTF_8)), host, AssetType.HOST,
                List.of(new Identifier(IdentifierType.HOSTNAME, host)), environment, team, criticality, null,
                Lifecycle.ACTIVE, true, null, null, null, Map.of(), List.of("cmdb"), List.of(), T0);
    }

    public static Change change(UUID id, ChangeStatus status, Asset asset, Instant start, Instant end) {
        return new Change(id, "Patch " + asset.name(), ChangeType.NORMAL, status, null, "alice",
                List.of(asset.id().toString()), List.of(asset.name()), start, end, null, false, null, List.of(), false);
    }
}
