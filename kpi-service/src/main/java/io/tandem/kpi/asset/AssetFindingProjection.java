package io.tandem.kpi.asset;

import io.smallrye.mutiny.Uni;
import io.tandem.kpi.metrics.KpiMetrics;
import io.tandem.kpi.projection.Projection;
import io.tandem.model.Topics;
import io.tandem.model.asset.AssetEvent;
import io.tandem.model.event.Envelope;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;

import static io.tandem.kpi.projection.Sql.ts;

/** {@code inventory.events} → one {@code asset_finding} per event: zombies seen, stale, discovered, unmanaged. */
@ApplicationScoped
public class AssetFindingProjection implements Projection<AssetEvent> {

    private final KpiMetrics metrics;

    public AssetFindingProjection(KpiMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public String topic() {
        return Topics.INVENTORY_EVENTS;
    }

    @Override
    public Class<AssetEvent> type() {
        return AssetEvent.class;
    }

    @Override
    public Uni<Runnable> apply(SqlClient tx, Envelope envelope, AssetEvent event) {
        return tx.preparedQuery("""
                        INSERT INTO asset_finding (event_id, asset_id, action, owner_team, occurred_at)
                        VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING
                        """)
                .execute(Tuple.from(Arrays.asList(envelope.id(), event.asset().id(), event.action().wire(),
                        event.asset().ownerTeam(), ts(event.occurredAt()))))
                .map(rows -> rows.rowCount() == 0 ? NOTHING : () -> metrics.assetFinding(event.action()));
    }
}
