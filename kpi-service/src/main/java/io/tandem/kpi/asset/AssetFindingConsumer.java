package io.tandem.kpi.asset;

import io.smallrye.mutiny.Uni;
import io.tandem.kpi.metrics.KpiMetrics;
import io.tandem.kpi.projection.ProjectionConsumer;
import io.tandem.kpi.projection.Projector;
import io.tandem.model.asset.AssetEvent;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Projects {@code inventory.events}. (a singleton: the shared base class has no no-args constructor for a client proxy). */
@Singleton
public class AssetFindingConsumer extends ProjectionConsumer<AssetEvent> {

    public static final String CHANNEL = "kpi-asset-events";

    public AssetFindingConsumer(Projector projector, AssetFindingProjection projection, KpiMetrics metrics) {
        super(projector, projection, metrics);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return project(message);
    }
}
