package io.tandem.triage;

import io.tandem.model.Topics;
import io.tandem.model.json.JsonSerde;
import io.tandem.triage.grouping.AlertState;
import io.tandem.triage.grouping.CorrelateProcessor;
import io.tandem.triage.grouping.Correlator;
import io.tandem.triage.grouping.GroupState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.function.Function;

/**
 * Triage's stream path, read top to bottom: {@code signals.normalized} → dedup and correlation (alert and group
 * stores, changelogged) → {@code triage.decisions} and {@code alerts.groups}; records that are not signals go to
 * {@code signals.dlq}. Runs exactly-once (see application.properties).
 */
@ApplicationScoped
public class TriageTopology {

    public static final String ALERTS_STORE = "triage-alerts";
    public static final String GROUPS_STORE = "triage-groups";
    public static final String DECISIONS_SINK = "decisions";
    public static final String GROUPS_SINK = "alert-groups";
    public static final String DLQ_SINK = "dead-letters";

    @Produces
    public Topology topology(@ConfigProperty(name = "tandem.triage.group-window", defaultValue = "PT1H") Duration window,
                             @ConfigProperty(name = "tandem.triage.default-team", defaultValue = "unassigned") String team) {
        return build(new Correlator(window, team), Stores::persistentKeyValueStore);
    }

    /** The topology with the given store kind: RocksDB in the service, in-memory under TopologyTestDriver. */
    public static Topology build(Correlator correlator, Function<String, KeyValueBytesStoreSupplier> stores) {
        Topology topology = new Topology();
        topology.addSource("signals", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.SIGNALS_NORMALIZED);
        topology.addProcessor("correlate", () -> new CorrelateProcessor(correlator), "signals");
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(ALERTS_STORE), Serdes.String(),
                JsonSerde.of(AlertState.class)), "correlate");
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(GROUPS_STORE), Serdes.String(),
                JsonSerde.of(GroupState.class)), "correlate");
        topology.addSink(DECISIONS_SINK, Topics.TRIAGE_DECISIONS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "correlate");
        topology.addSink(GROUPS_SINK, Topics.ALERTS_GROUPS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "correlate");
        topology.addSink(DLQ_SINK, Topics.SIGNALS_DLQ, Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "correlate");
        return topology;
    }
}
