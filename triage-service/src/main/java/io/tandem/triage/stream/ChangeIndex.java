package io.tandem.triage.stream;

import io.tandem.model.asset.Identifiers;
import io.tandem.model.change.Change;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.json.Json;
import io.tandem.model.signal.AssetRef;
import io.tandem.model.triage.Enrichment;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Triage's view of {@code changes.events}: the latest window of each change ({@code change:<id>}), filed under each
 * affected asset id ({@code asset:<id>|<change>}) and each normalized asset key the change names
 * ({@code key:<key>|<change>}), so the changes on a signal's asset are one prefix scan away.
 */
public final class ChangeIndex {

    private static final Logger LOG = Logger.getLogger(ChangeIndex.class);
    private static final StringSerializer KEYS = new StringSerializer();

    private ChangeIndex() {
    }

    public static final class Updater implements Processor<String, byte[], Void, Void> {

        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(TriageTopology.CHANGES_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null || record.value() == null) {
                return;
            }
            Change change;
            try {
                change = Json.read(record.value(), ChangeEvent.class).change();
            } catch (RuntimeException e) {
                LOG.warnf("ignoring unreadable change event %s: %s", record.key(), e.getMessage());
                return;
            }
            String own = "change:" + change.id();
            byte[] previous = store.get(own);
            if (previous != null) {
                for (String prefix : Json.read(previous, ChangeWindow.class).indexKeys()) {
                    store.delete(prefix + change.id());
                }
            }
            Set<String> prefixes = new LinkedHashSet<>();
            change.assetIds().forEach(id -> prefixes.add("asset:" + id + "|"));
            for (String key : change.assetKeys()) {
                Identifiers.lookupKeys(key).forEach(k -> prefixes.add("key:" + k + "|"));
            }
            byte[] window = Json.write(ChangeWindow.of(change, List.copyOf(prefixes)));
            for (String prefix : prefixes) {
                store.put(prefix + change.id(), window);
            }
            store.put(own, window);
        }
    }

    /** A change whose window is open at {@code now} on the signal's asset, by inventory id or by the keys it names. */
    public static ChangeWindow openOn(ReadOnlyKeyValueStore<String, byte[]> store, Enrichment asset, AssetRef ref, Instant now) {
        List<String> prefixes = new ArrayList<>();
        if (asset != null) {
            prefixes.add("asset:" + asset.assetId() + "|");
        }
        AssetIndex.keys(ref).forEach(k -> prefixes.add("key:" + k + "|"));
        for (String prefix : prefixes) {
            try (KeyValueIterator<String, byte[]> changes = store.prefixScan(prefix, KEYS)) {
                while (changes.hasNext()) {
                    ChangeWindow window = Json.read(changes.next().value, ChangeWindow.class);
                    if (window.openAt(now)) {
                        return window;
                    }
                }
            }
        }
        return null;
    }

    /** The change's latest window, or null if triage has not seen it. */
    public static ChangeWindow get(ReadOnlyKeyValueStore<String, byte[]> store, UUID changeId) {
        byte[] found = store.get("change:" + changeId);
        return found == null ? null : Json.read(found, ChangeWindow.class);
    }
}
