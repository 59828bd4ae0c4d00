package io.tandem.triage.stream;

import io.tandem.model.asset.Identifiers;
import io.tandem.model.change.Change;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.json.Json;
import io.tandem.model.signal.AssetRef;
import io.tandem.model.triage.Enrichment;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
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
 * Triage's view of {@code changes.events}: the latest window of each change ({@code change:<id>}), and the ids of the
 * changes filed under each affected asset id ({@code asset:<id>}) and each normalized asset key a change names
 * ({@code key:<key>}). Finding the changes on a signal's asset is a few point reads; a prefix scan would open an
 * iterator per signal, and that cost more in a profile than the reads themselves.
 */
public final class ChangeIndex {

    private static final Logger LOG = Logger.getLogger(ChangeIndex.class);

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
            String id = change.id().toString();
            String own = "change:" + id;
            byte[] previous = store.get(own);
            Set<String> before = previous == null ? Set.of() : new LinkedHashSet<>(Json.read(previous, ChangeWindow.class).indexKeys());
            Set<String> after = new LinkedHashSet<>();
            change.assetIds().forEach(assetId -> after.add("asset:" + assetId));
            for (String key : change.assetKeys()) {
                Identifiers.lookupKeys(key).forEach(k -> after.add("key:" + k));
            }
            for (String key : before) {
                if (!after.contains(key)) {
                    file(key, id, false);
                }
            }
            for (String key : after) {
                if (!before.contains(key)) {
                    file(key, id, true);
                }
            }
            store.put(own, Json.write(ChangeWindow.of(change, List.copyOf(after))));
        }

        /** Adds the change id to, or removes it from, the ids filed under {@code key}. */
        private void file(String key, String changeId, boolean add) {
            byte[] current = store.get(key);
            Set<String> ids = new LinkedHashSet<>(current == null ? List.of() : AssetIndex.strings(current));
            boolean changed = add ? ids.add(changeId) : ids.remove(changeId);
            if (!changed) {
                return;
            }
            if (ids.isEmpty()) {
                store.delete(key);
            } else {
                store.put(key, Json.write(ids));
            }
        }
    }

    /** A change whose window is open at {@code now} on the signal's asset, by inventory id or by the keys it names. */
    public static ChangeWindow openOn(ReadOnlyKeyValueStore<String, byte[]> store, Enrichment asset, AssetRef ref, Instant now) {
        List<String> keys = new ArrayList<>();
        if (asset != null) {
            keys.add("asset:" + asset.assetId());
        }
        AssetIndex.keys(ref).forEach(k -> keys.add("key:" + k));
        for (String key : keys) {
            byte[] filed = store.get(key);
            if (filed == null) {
                continue;
            }
            for (String changeId : AssetIndex.strings(filed)) {
                ChangeWindow window = get(store, UUID.fromString(changeId));
                if (window != null && window.openAt(now)) {
                    return window;
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
