package io.tandem.change.asset;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tandem.change.request.ChangeService;
import io.tandem.change.support.Consumers;
import io.tandem.model.asset.Asset;
import io.tandem.model.json.EventFormatException;
import io.tandem.model.json.Json;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.UUID;

/**
 * Follows the compacted {@code inventory.assets} into the local asset table: a state replaces the stored one unless
 * it is older, a tombstone deletes it. Applying a state twice changes nothing, so no processed-event log is needed.
 * Open changes on an asset whose names changed get its new keys, so triage keeps matching their windows.
 */
@ApplicationScoped
public class AssetConsumer {

    public static final String CHANNEL = "assets-in";

    /** What a record did. */
    public enum Outcome { STORED, DELETED }

    private final Pool pool;
    private final AssetDirectory directory;
    private final ChangeService changes;
    private final MeterRegistry metrics;

    public AssetConsumer(Pool pool, AssetDirectory directory, ChangeService changes, MeterRegistry metrics) {
        this.pool = pool;
        this.directory = directory;
        this.changes = changes;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return Consumers.handle(message, () -> apply(message), metrics, "assets", "invalid-asset", "change-asset-failed");
    }

    private Uni<Outcome> apply(Message<byte[]> message) {
        byte[] payload = message.getPayload();
        if (payload != null) {
            Asset asset = Json.read(payload, Asset.class);
            return pool.withTransaction(db -> directory.upsert(db, asset).chain(stored -> stored
                    ? changes.refreshAssetKeys(db, asset.id(), asset.updatedAt()) : Uni.createFrom().voidItem()))
                    .replaceWith(Outcome.STORED);
        }
        UUID id = message.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> String.valueOf(m.getKey()))
                .map(AssetConsumer::id).orElseThrow(() -> new EventFormatException(null, "tombstone without a key"));
        return pool.withTransaction(db -> directory.delete(db, id)).replaceWith(Outcome.DELETED);
    }

    private static UUID id(String key) {
        try {
            return UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw new EventFormatException(null, "tombstone key is not an asset id: " + key);
        }
    }
}
