package io.tandem.incident.incident;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tandem.model.json.EventFormatException;
import io.tandem.model.json.Json;
import io.tandem.model.triage.TriageDecision;
import io.tandem.service.messaging.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads {@code triage.decisions}: a decision routed to incident opens one or attaches to its group's open incident.
 * A record that is not a decision, or whose processing failed after its transaction rolled back, goes to
 * {@code signals.dlq}; the offset is committed only after the record was applied or dead-lettered.
 */
@ApplicationScoped
public class DecisionConsumer {

    public static final String CHANNEL = "decisions-in";

    private static final Logger LOG = Logger.getLogger(DecisionConsumer.class);

    private final IncidentService incidents;
    private final MeterRegistry metrics;

    public DecisionConsumer(IncidentService incidents, MeterRegistry metrics) {
        this.incidents = incidents;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return Uni.createFrom().item(message::getPayload)
                .map(payload -> {
                    if (payload == null) {
                        throw new EventFormatException(null, "empty record: a triage decision was expected");
                    }
                    return Json.read(payload, TriageDecision.class);
                })
                // The CloudEvent id is stable across redeliveries; triage sets it to the signal id, the fallback.
                .chain(decision -> incidents.decide(decision,
                        DeadLetters.eventId(message).orElse(decision.signalId().toString())))
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure == null) {
                        metrics.counter("tandem.incident.decisions.processed", "outcome", outcome.name().toLowerCase())
                                .increment();
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    metrics.counter("tandem.incident.decisions.failed").increment();
                    LOG.warnf("decision dead-lettered: %s", failure.getMessage());
                    return Uni.createFrom().completionStage(message.nack(failure, DeadLetters.metadata(message,
                            failure instanceof EventFormatException ? "invalid-decision" : "incident-processing-failed",
                            failure)));
                });
    }
}
