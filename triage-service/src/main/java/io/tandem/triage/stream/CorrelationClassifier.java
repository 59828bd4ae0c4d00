package io.tandem.triage.stream;

import io.tandem.model.json.EventFormatException;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Signal;
import io.tandem.triage.grouping.Correlator;
import io.tandem.triage.rules.CorrelationRule;
import io.tandem.triage.rules.RuleBook;
import io.tandem.triage.rules.SignalFields;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.Optional;

/**
 * Picks each signal's lane: a signal that a correlation rule groups is re-keyed by its group key (prefixed with
 * {@link #CORRELATED}), so a repartition brings every signal of that group to one task, whatever asset it came from;
 * every other signal keeps its asset key and stays on its partition. With no correlation rules, signals pass
 * unparsed.
 */
public class CorrelationClassifier implements Processor<String, byte[], String, byte[]> {

    static final String CORRELATED = "\u0000correlated:";

    private ProcessorContext<String, byte[]> context;
    private ConfigIndex.Reader rules;
    private ReadOnlyKeyValueStore<String, byte[]> assets;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.rules = new ConfigIndex.Reader(context.getStateStore(TriageTopology.CONFIG_STORE));
        this.assets = context.getStateStore(TriageTopology.ASSETS_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RuleBook book = rules.current();
        if (book.correlationRules().isEmpty() || record.value() == null) {
            context.forward(record);
            return;
        }
        Signal signal;
        try {
            signal = Json.read(record.value(), Signal.class);
        } catch (EventFormatException e) {
            context.forward(record);
            return;
        }
        SignalFields fields = new SignalFields(Correlator.summary(signal), AssetIndex.lookup(assets, signal.asset()));
        for (CorrelationRule rule : book.correlationRules()) {
            Optional<String> key = rule.groupKey(signal, fields);
            if (key.isPresent()) {
                context.forward(record.withKey(CORRELATED + key.get()));
                return;
            }
        }
        context.forward(record);
    }
}
