package io.tandem.triage.stream;

import io.tandem.model.json.JsonSerde;
import io.tandem.triage.grouping.Correlator;
import io.tandem.triage.grouping.FlapPolicy;
import io.tandem.triage.grouping.StateSerdes;
import io.tandem.triage.rules.PriorityTable;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Triage's stream path, read top to bottom: {@code signals.normalized} → {@link CorrelationClassifier} → either the
 * asset lane (signals grouped by the default rule stay on their asset's partition) or, for signals a correlation rule
 * groups, a repartition by group key into the correlated lane → {@link TriageProcessor} (enrichment, dedup,
 * correlation, flapping, silences, inhibition, change windows, routing), one per lane with stores of its own →
 * {@code triage.decisions}, {@code alerts.groups}, and {@code signals.dlq} for records that are not signals. The
 * processors read four global stores, each built from its topic by its own updater (which Kafka Streams also runs
 * when it restores them): {@code triage.config} (rules), {@code inventory.assets} (enrichment),
 * {@code changes.events} (change windows) and {@code triage.inhibitions}, the firing inhibition sources the
 * processors themselves publish, so that a source on one partition (or instance) mutes targets on any other. Runs
 * exactly-once (see application.properties).
 */
public final class TriageTopology {

    public static final String ALERTS_STORE = "triage-alerts";
    public static final String GROUPS_STORE = "triage-groups";
    public static final String HELD_STORE = "triage-held";
    public static final String INHIBIT_STORE = "triage-inhibit-tracked";
    public static final String FLAPPING_STORE = "triage-flapping";
    public static final String CONFIG_STORE = "triage-config";
    public static final String ASSETS_STORE = "triage-assets";
    public static final String CHANGES_STORE = "triage-changes";
    public static final String INHIBITIONS_STORE = "triage-inhibitions";

    /** Everything the stream path is configured with. */
    public record Settings(StreamTopics topics, Duration groupWindow, FlapPolicy flaps, String defaultTeam,
                           PriorityTable priorities, Duration holdCheck, DecisionListener listener) {
    }

    private TriageTopology() {
    }

    /** The topology with the given store kind: RocksDB in the service, in-memory under TopologyTestDriver. */
    public static Topology build(Settings settings, Function<String, KeyValueBytesStoreSupplier> stores) {
        StreamsBuilder builder = new StreamsBuilder();
        StreamTopics topics = settings.topics();
        global(builder, stores, CONFIG_STORE, topics.config(), ConfigIndex.Updater::new);
        global(builder, stores, ASSETS_STORE, topics.assets(), AssetIndex.Updater::new);
        global(builder, stores, CHANGES_STORE, topics.changes(), ChangeIndex.Updater::new);
        global(builder, stores, INHIBITIONS_STORE, topics.inhibitions(), () -> new Mirror(INHIBITIONS_STORE));

        Map<String, KStream<String, byte[]>> lanes = builder
                .stream(topics.signals(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("signals"))
                .process(CorrelationClassifier::new, Named.as("classify"))
                .split(Named.as("lane-"))
                .branch((key, value) -> key != null && key.startsWith(CorrelationClassifier.CORRELATED), Branched.as("correlated"))
                .defaultBranch(Branched.as("asset"));
        Correlator correlator = new Correlator(settings.groupWindow(), settings.priorities(), settings.flaps());
        lane(builder, stores, settings, correlator, TriageProcessor.Lane.ASSET, lanes.get("lane-asset"));
        lane(builder, stores, settings, correlator, TriageProcessor.Lane.CORRELATED, lanes.get("lane-correlated")
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName("correlated")));
        return builder.build();
    }

    private static void lane(StreamsBuilder builder, Function<String, KeyValueBytesStoreSupplier> stores, Settings settings,
                             Correlator correlator, TriageProcessor.Lane lane, KStream<String, byte[]> signals) {
        String[] names = {lane.store(ALERTS_STORE), lane.store(GROUPS_STORE), lane.store(HELD_STORE),
                lane.store(INHIBIT_STORE), lane.store(FLAPPING_STORE)};
        builder.addStateStore(local(stores, names[0], StateSerdes.ALERTS));
        builder.addStateStore(local(stores, names[1], StateSerdes.GROUPS));
        builder.addStateStore(local(stores, names[2], JsonSerde.of(Held.class)));
        builder.addStateStore(local(stores, names[3], JsonSerde.of(String.class)));
        builder.addStateStore(local(stores, names[4], JsonSerde.of(String.class)));
        signals.process(() -> new TriageProcessor(correlator, settings.topics(), lane, settings.priorities(),
                        settings.defaultTeam(), settings.holdCheck(), settings.listener()),
                        Named.as("triage" + lane.store("")), names)
                .to(Out.TOPIC, Produced.with(Serdes.String(), Out.SERDE).withName("out" + lane.store("")));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> local(Function<String, KeyValueBytesStoreSupplier> stores,
                                                                   String name, Serde<V> values) {
        // Caching collapses the many updates of one alert or group within a commit into one changelog write.
        return Stores.keyValueStoreBuilder(stores.apply(name), Serdes.String(), values).withCachingEnabled();
    }

    private static void global(StreamsBuilder builder, Function<String, KeyValueBytesStoreSupplier> stores, String store,
                               String topic, ProcessorSupplier<String, byte[], Void, Void> updater) {
        builder.addGlobalStore(Stores.keyValueStoreBuilder(stores.apply(store), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled(), topic, Consumed.with(Serdes.String(), Serdes.ByteArray()), updater);
    }
}
