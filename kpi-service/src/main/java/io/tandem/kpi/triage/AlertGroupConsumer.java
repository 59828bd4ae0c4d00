package io.tandem.kpi.triage;

import io.smallrye.mutiny.Uni;
import io.tandem.kpi.metrics.KpiMetrics;
import io.tandem.kpi.projection.ProjectionConsumer;
import io.tandem.kpi.projection.Projector;
import io.tandem.model.triage.AlertGroupEvent;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Projects {@code alerts.groups}. (a singleton: the shared base class has no no-args constructor for a client proxy). */
@Singleton
public class AlertGroupConsumer extends ProjectionConsumer<AlertGroupEvent> {

    public static final String CHANNEL = "kpi-alert-groups";

    public AlertGroupConsumer(Projector projector, AlertGroupProjection projection, KpiMetrics metrics) {
        super(projector, projection, metrics);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return project(message);
    }
}
