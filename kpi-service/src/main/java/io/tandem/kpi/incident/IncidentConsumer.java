package io.tandem.kpi.incident;

import io.smallrye.mutiny.Uni;
import io.tandem.kpi.metrics.KpiMetrics;
import io.tandem.kpi.projection.ProjectionConsumer;
import io.tandem.kpi.projection.Projector;
import io.tandem.model.incident.IncidentEvent;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Projects {@code incidents.events}. (a singleton: the shared base class has no no-args constructor for a client proxy). */
@Singleton
public class IncidentConsumer extends ProjectionConsumer<IncidentEvent> {

    public static final String CHANNEL = "kpi-incidents";

    public IncidentConsumer(Projector projector, IncidentProjection projection, KpiMetrics metrics) {
        super(projector, projection, metrics);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return project(message);
    }
}
