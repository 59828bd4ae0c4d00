package io.tandem.kpi.asset;

import io.smallrye.mutiny.Uni;
import io.tandem.kpi.projection.Projection;
import io.tandem.model.Topics;
import io.tandem.model.asset.Asset;
import io.tandem.model.event.Envelope;
import io.tandem.model.json.EventFormatException;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.UUID;

import static io.tandem.kpi.projection.Sql.ts;

/**
 * {@code inventory.assets} → every state of every asset in {@code asset_version} (valid from its {@code updatedAt};
 * a tombstone from the event time), so coverage can be answered as of any instant. The topic is compacted: once
 * Kafka has compacted it, a rebuild knows only each asset's latest state, and coverage before that state's time
 * reads as that state.
 */
@ApplicationScoped
public class AssetStateProjection implements Projection<Asset> {

    @Override
    public String topic() {
        return Topics.INVENTORY_ASSETS;
    }

    @Override
    public Class<Asset> type() {
        return Asset.class;
    }

    @Override
    public boolean acceptsTombstones() {
        return true;
    }

    @Override
    public Uni<Runnable> apply(SqlClient tx, Envelope envelope, Asset asset) {
        Tuple version = asset == null
                ? Tuple.from(Arrays.asList(deletedId(envelope), ts(envelope.time()), true, null, null, null))
                : Tuple.from(Arrays.asList(asset.id(), ts(asset.updatedAt()), false, asset.managed(),
                        asset.lifecycle().wire(), asset.ownerTeam()));
        return tx.preparedQuery("""
                        INSERT INTO asset_version (asset_id, valid_from, deleted, managed, lifecycle, owner_team)
                        VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING
                        """)
                .execute(version)
                .replaceWith(NOTHING);
    }

    private static UUID deletedId(Envelope envelope) {
        try {
            return UUID.fromString(envelope.subject());
        } catch (RuntimeException e) {
            throw new EventFormatException("ce_subject", "a tombstone must name the deleted asset's id, was " + envelope.subject());
        }
    }
}
