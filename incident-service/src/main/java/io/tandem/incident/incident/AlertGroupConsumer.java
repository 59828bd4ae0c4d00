package io.tandem.incident.incident;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tandem.model.json.EventFormatException;
import io.tandem.model.json.Json;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.service.messaging.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads {@code alerts.groups}: records when a group resolves, which may resolve its incident. A record that is not an
 * alert group event, or whose processing failed after its transaction rolled back, goes to
 * {@code signals.dlq}; the offset is committed only after the record was applied or dead-lettered.
 */
@ApplicationScoped
public class AlertGroupConsumer {

    public static final String CHANNEL = "groups-in";

    private static final Logger LOG = Logger.getLogger(AlertGroupConsumer.class);

    private final IncidentService incidents;
    private final MeterRegistry metrics;

    public AlertGroupConsumer(IncidentService incidents, MeterRegistry metrics) {
        this.incidents = incidents;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return Uni.createFrom().item(message::getPayload)
                .map(payload -> {
                    if (payload == null) {
                        throw new EventFormatException(null, "empty record: an alert group event was expected");
                    }
                    return Json.read(payload, AlertGroupEvent.class);
                })
                .chain(event -> incidents.group(event, DeadLetters.eventId(message)
                        .orElse(event.groupId() + ":" + event.action().wire() + ":" + event.occurredAt())))
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure == null) {
                        metrics.counter("tandem.incident.groups.processed", "outcome", outcome.name().toLowerCase())
                                .increment();
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    metrics.counter("tandem.incident.groups.failed").increment();
                    LOG.warnf("alert group event dead-lettered: %s", failure.getMessage());
                    return Uni.createFrom().completionStage(message.nack(failure, DeadLetters.metadata(message,
                            failure instanceof EventFormatException ? "invalid-alert-group-event" : "incident-processing-failed",
                            failure)));
                });
    }
}
