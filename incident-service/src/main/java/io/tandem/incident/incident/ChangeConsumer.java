package io.tandem.incident.incident;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.json.EventFormatException;
import io.tandem.model.json.Json;
import io.tandem.service.messaging.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Reads {@code changes.events} for the other half of a change-induced link: when change-service links a change to
 * an incident ({@code incident-linked}), the incident links the change too. Other change events are acknowledged and
 * skipped; a record that is not a change event goes to {@code signals.dlq}.
 */
@ApplicationScoped
public class ChangeConsumer {

    public static final String CHANNEL = "changes-in";

    private static final Logger LOG = Logger.getLogger(ChangeConsumer.class);

    private final IncidentService incidents;
    private final MeterRegistry metrics;

    public ChangeConsumer(IncidentService incidents, MeterRegistry metrics) {
        this.incidents = incidents;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return Uni.createFrom().item(message::getPayload)
                .map(payload -> {
                    if (payload == null) {
                        throw new EventFormatException(null, "empty record: a change event was expected");
                    }
                    return Json.read(payload, ChangeEvent.class);
                })
                .chain(event -> incidents.changeLinked(event, DeadLetters.eventId(message)
                                .orElse(event.change().id() + ":" + event.action().wire() + ":" + event.occurredAt()))
                        // The whole transaction rolled back, so a retry starts clean; an incident that never appears
                        // ends in the dead-letter topic with the reason.
                        .onFailure(IncidentService.NotYetVisible.class).retry()
                        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(10))
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure == null) {
                        metrics.counter("tandem.incident.changes.processed", "outcome", outcome.name().toLowerCase())
                                .increment();
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    metrics.counter("tandem.incident.changes.failed").increment();
                    LOG.warnf("change event dead-lettered: %s", failure.getMessage());
                    return Uni.createFrom().completionStage(message.nack(failure, DeadLetters.metadata(message,
                            failure instanceof EventFormatException ? "invalid-change-event" : "incident-processing-failed",
                            failure)));
                });
    }
}
