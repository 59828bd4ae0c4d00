package io.tandem.kpi.change;

import io.smallrye.mutiny.Uni;
import io.tandem.kpi.metrics.KpiMetrics;
import io.tandem.kpi.projection.ProjectionConsumer;
import io.tandem.kpi.projection.Projector;
import io.tandem.model.change.ChangeEvent;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Projects {@code changes.events}. (a singleton: the shared base class has no no-args constructor for a client proxy). */
@Singleton
public class ChangeConsumer extends ProjectionConsumer<ChangeEvent> {

    public static final String CHANNEL = "kpi-changes";

    public ChangeConsumer(Projector projector, ChangeProjection projection, KpiMetrics metrics) {
        super(projector, projection, metrics);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return project(message);
    }
}
