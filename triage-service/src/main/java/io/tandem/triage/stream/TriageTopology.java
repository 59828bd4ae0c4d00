package io.tandem.triage.stream;

import io.tandem.model.json.JsonSerde;
import io.tandem.triage.grouping.AlertState;
import io.tandem.triage.grouping.Correlator;
import io.tandem.triage.grouping.FlapPolicy;
import io.tandem.triage.grouping.GroupState;
import io.tandem.triage.rules.PriorityTable;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.function.Function;

/**
 * Triage's stream path, read top to bottom: {@code signals.normalized} → {@link TriageProcessor} (enrichment,
 * dedup, correlation, silences, inhibition, change windows, routing) → {@code triage.decisions} and
 * {@code alerts.groups}; records that are not signals go to {@code signals.dlq}. The processor reads three global
 * stores, each built from a compacted or event topic by its own updater (which Kafka Streams also runs when it
 * restores them): {@code triage.config} (rules), {@code inventory.assets} (enrichment) and {@code changes.events}
 * (change windows). Runs exactly-once (see application.properties).
 */
public final class TriageTopology {

    public static final String ALERTS_STORE = "triage-alerts";
    public static final String GROUPS_STORE = "triage-groups";
    public static final String HELD_STORE = "triage-held";
    public static final String INHIBIT_STORE = "triage-inhibit-sources";
    public static final String FLAPPING_STORE = "triage-flapping";
    public static final String CONFIG_STORE = "triage-config";
    public static final String ASSETS_STORE = "triage-assets";
    public static final String CHANGES_STORE = "triage-changes";
    public static final String DECISIONS_SINK = "decisions";
    public static final String GROUPS_SINK = "alert-groups";
    public static final String DLQ_SINK = "dead-letters";

    /** Everything the stream path is configured with. */
    public record Settings(StreamTopics topics, Duration groupWindow, FlapPolicy flaps, String defaultTeam,
                           PriorityTable priorities, Duration holdCheck, DecisionListener listener) {
    }

    private TriageTopology() {
    }

    /** The topology with the given store kind: RocksDB in the service, in-memory under TopologyTestDriver. */
    public static Topology build(Settings settings, Function<String, KeyValueBytesStoreSupplier> stores) {
        Topology topology = new Topology();
        Deserializer<String> keys = Serdes.String().deserializer();
        Deserializer<byte[]> bytes = Serdes.ByteArray().deserializer();
        StreamTopics topics = settings.topics();
        global(topology, stores, CONFIG_STORE, topics.config(), ConfigIndex.Updater::new);
        global(topology, stores, ASSETS_STORE, topics.assets(), AssetIndex.Updater::new);
        global(topology, stores, CHANGES_STORE, topics.changes(), ChangeIndex.Updater::new);

        topology.addSource("signals", keys, bytes, topics.signals());
        Correlator correlator = new Correlator(settings.groupWindow(), settings.priorities(), settings.flaps());
        topology.addProcessor("triage", () -> new TriageProcessor(correlator, settings.priorities(),
                settings.defaultTeam(), settings.holdCheck(), settings.listener()), "signals");
        topology.addStateStore(local(stores, ALERTS_STORE, AlertState.class), "triage");
        topology.addStateStore(local(stores, GROUPS_STORE, GroupState.class), "triage");
        topology.addStateStore(local(stores, HELD_STORE, Held.class), "triage");
        topology.addStateStore(local(stores, INHIBIT_STORE, Policy.InhibitSources.class), "triage");
        topology.addStateStore(local(stores, FLAPPING_STORE, String.class), "triage");
        topology.addSink(DECISIONS_SINK, topics.decisions(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "triage");
        topology.addSink(GROUPS_SINK, topics.groups(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "triage");
        topology.addSink(DLQ_SINK, topics.dlq(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "triage");
        return topology;
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> local(Function<String, KeyValueBytesStoreSupplier> stores,
                                                                   String name, Class<V> type) {
        // Caching collapses the many updates of one alert or group within a commit into one changelog write.
        return Stores.keyValueStoreBuilder(stores.apply(name), Serdes.String(), JsonSerde.of(type)).withCachingEnabled();
    }

    private static void global(Topology topology, Function<String, KeyValueBytesStoreSupplier> stores, String store,
                               String topic, ProcessorSupplier<String, byte[], Void, Void> updater) {
        topology.addGlobalStore(Stores.keyValueStoreBuilder(stores.apply(store), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(), store + "-source", Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(), topic, store + "-updater", updater);
    }
}
