package io.tandem.kpi.signal;

import io.smallrye.mutiny.Uni;
import io.tandem.kpi.metrics.KpiMetrics;
import io.tandem.kpi.projection.ProjectionConsumer;
import io.tandem.kpi.projection.Projector;
import io.tandem.model.signal.Signal;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Projects {@code signals.normalized}. (a singleton: the shared base class has no no-args constructor for a client proxy). */
@Singleton
public class SignalConsumer extends ProjectionConsumer<Signal> {

    public static final String CHANNEL = "kpi-signals";

    public SignalConsumer(Projector projector, SignalProjection projection, KpiMetrics metrics) {
        super(projector, projection, metrics);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return project(message);
    }
}
