package io.tandem.triage.stream;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.Identifier;
import io.tandem.model.asset.Identifiers;
import io.tandem.model.json.Json;
import io.tandem.model.signal.AssetRef;
import io.tandem.model.triage.Enrichment;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Triage's view of {@code inventory.assets}: what it needs to enrich a signal, indexed by every normalized
 * identifier key of the asset ({@link Identifiers}), so the lookup for a signal is one get per identifier it names.
 * {@code id:<assetId>} remembers the keys an asset had, so a changed or deleted asset leaves no stale key behind.
 */
public final class AssetIndex {

    private static final Logger LOG = Logger.getLogger(AssetIndex.class);
    private static final TypeReference<List<String>> KEYS = new TypeReference<>() {
    };

    private AssetIndex() {
    }

    public static final class Updater implements Processor<String, byte[], Void, Void> {

        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(TriageTopology.ASSETS_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null) {
                return;
            }
            String idKey = "id:" + record.key();
            byte[] previous = store.get(idKey);
            if (previous != null) {
                for (String key : strings(previous)) {
                    store.delete(key);
                }
                store.delete(idKey);
            }
            if (record.value() == null) {
                return;
            }
            Asset asset;
            try {
                asset = Json.read(record.value(), Asset.class);
            } catch (RuntimeException e) {
                LOG.warnf("ignoring unreadable asset %s: %s", record.key(), e.getMessage());
                return;
            }
            byte[] enrichment = Json.write(new Enrichment(asset.id().toString(), asset.ownerTeam(), asset.environment(),
                    asset.criticality(), asset.managed(),
                    asset.privilegeLevel() == null ? null : asset.privilegeLevel().wire()));
            List<String> keys = new ArrayList<>();
            for (Identifier identifier : asset.identifiers()) {
                try {
                    Identifiers.keys(identifier).forEach(k -> keys.add(k.key()));
                } catch (IllegalArgumentException malformed) {
                    // Inventory validates identifiers; one it let through that we cannot normalize just matches nothing.
                }
            }
            for (String key : keys) {
                store.put(key, enrichment);
            }
            store.put(idKey, Json.write(keys));
        }
    }

    /** A JSON list of strings, as the indexes store key lists; anything else reads as empty. */
    static List<String> strings(byte[] json) {
        try {
            return Json.mapper().readValue(json, KEYS);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** What the inventory knows about the asset a signal names, or null for an unknown (unmanaged) asset. */
    public static Enrichment lookup(ReadOnlyKeyValueStore<String, byte[]> store, AssetRef ref) {
        for (String key : keys(ref)) {
            byte[] found = store.get(key);
            if (found != null) {
                return Json.read(found, Enrichment.class);
            }
        }
        return null;
    }

    static List<String> keys(AssetRef ref) {
        return Identifiers.keys(Identifiers.of(ref)).stream().map(Identifiers.Key::key).toList();
    }
}
