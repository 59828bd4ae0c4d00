package io.tandem.triage.stream;

import io.tandem.model.json.Json;
import io.tandem.triage.rules.Rule;
import io.tandem.triage.rules.RuleBook;
import io.tandem.triage.rules.RuleKind;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The global store of {@code triage.config}: every rule by its topic key, plus a version key bumped on every change.
 * The stream processor compares versions on each signal and rebuilds its {@link RuleBook} only when they differ, so
 * parsing happens once per configuration change rather than once per signal.
 */
public final class ConfigIndex {

    static final String VERSION = "__version";
    private static final Logger LOG = Logger.getLogger(ConfigIndex.class);

    private ConfigIndex() {
    }

    /** Applies {@code triage.config} records to the store; also used when the store is restored. */
    public static final class Updater implements Processor<String, byte[], Void, Void> {

        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(TriageTopology.CONFIG_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null || RuleKind.ofKey(record.key()) == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
            byte[] version = store.get(VERSION);
            long next = version == null ? 1 : Long.parseLong(new String(version, StandardCharsets.US_ASCII)) + 1;
            store.put(VERSION, Long.toString(next).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The rule book of the current configuration, rebuilt when the version changed. */
    public static final class Reader {

        private final ReadOnlyKeyValueStore<String, byte[]> store;
        private byte[] version;
        private RuleBook book = RuleBook.EMPTY;

        public Reader(ReadOnlyKeyValueStore<String, byte[]> store) {
            this.store = store;
        }

        public RuleBook current() {
            byte[] now = store.get(VERSION);
            if (!Arrays.equals(now, version)) {
                book = load();
                version = now;
            }
            return book;
        }

        private RuleBook load() {
            List<Rule> rules = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<String, byte[]> entry = all.next();
                    RuleKind kind = RuleKind.ofKey(entry.key);
                    if (kind == null) {
                        continue;
                    }
                    try {
                        rules.add(Json.read(entry.value, kind.type()));
                    } catch (RuntimeException e) {
                        // The REST side validated it; a record it cannot read was written by a newer version.
                        LOG.warnf("ignoring unreadable triage rule %s: %s", entry.key, e.getMessage());
                    }
                }
            }
            return RuleBook.of(rules);
        }
    }
}
