package io.tandem.kpi.projection;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tandem.kpi.metrics.KpiMetrics;
import io.tandem.model.json.EventFormatException;
import io.tandem.service.messaging.DeadLetters;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * What every KPI consumer does with a record: apply it through the {@link Projector}, then acknowledge (the offset
 * is committed only after the facts are), or dead-letter it to {@code signals.dlq} with the reason, so one bad record
 * never stops the channel. Subclasses add the one {@code @Incoming} method.
 */
public abstract class ProjectionConsumer<T> {

    private static final Logger LOG = Logger.getLogger(ProjectionConsumer.class);

    private final Projector projector;
    private final Projection<T> projection;
    private final KpiMetrics metrics;

    protected ProjectionConsumer(Projector projector, Projection<T> projection, KpiMetrics metrics) {
        this.projector = projector;
        this.projection = projection;
        this.metrics = metrics;
    }

    protected Uni<Void> project(Message<byte[]> message) {
        Headers headers = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getHeaders).orElseGet(RecordHeaders::new);
        return projector.apply(projection, headers, message.getPayload(), true)
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure == null) {
                        metrics.event(projection.topic(), outcome.name());
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    metrics.event(projection.topic(), "failed");
                    LOG.warnf("%s record dead-lettered: %s", projection.topic(), failure.getMessage());
                    String error = failure instanceof EventFormatException ? "invalid-event" : "kpi-processing-failed";
                    return Uni.createFrom().completionStage(message.nack(failure, DeadLetters.metadata(message, error, failure)));
                });
    }
}
