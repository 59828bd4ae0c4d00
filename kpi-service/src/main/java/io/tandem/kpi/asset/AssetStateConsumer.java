package io.tandem.kpi.asset;

import io.smallrye.mutiny.Uni;
import io.tandem.kpi.metrics.KpiMetrics;
import io.tandem.kpi.projection.ProjectionConsumer;
import io.tandem.kpi.projection.Projector;
import io.tandem.model.asset.Asset;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Projects {@code inventory.assets}. (a singleton: the shared base class has no no-args constructor for a client proxy). */
@Singleton
public class AssetStateConsumer extends ProjectionConsumer<Asset> {

    public static final String CHANNEL = "kpi-asset-states";

    public AssetStateConsumer(Projector projector, AssetStateProjection projection, KpiMetrics metrics) {
        super(projector, projection, metrics);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return project(message);
    }
}
