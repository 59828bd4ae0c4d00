package io.tandem.incident.incident;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.tandem.model.EventTypes;
import io.tandem.model.action.ActionRequest;
import io.tandem.model.event.Envelope;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.service.messaging.CloudEventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes incident events on {@code incidents.events} (keyed by incident id, event id {@code <id>:<seq>} so a
 * republished change is recognisable) and response actions on {@code actions.requests} (keyed by target). Both
 * complete only when Kafka acknowledged, so callers publish inside their transaction's {@code Uni} chain.
 */
@ApplicationScoped
public class IncidentPublisher {

    public static final String INCIDENTS_CHANNEL = "incidents-out";
    public static final String ACTIONS_CHANNEL = "actions-out";
    /** The {@code ce_source} service name. */
    public static final String SERVICE = "incident";

    private static final int BUFFER = 4096;

    private final MutinyEmitter<Record<String, Object>> incidents;
    private final MutinyEmitter<Record<String, Object>> actions;
    private final MeterRegistry metrics;

    public IncidentPublisher(@Channel(INCIDENTS_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
                             MutinyEmitter<Record<String, Object>> incidents,
                             @Channel(ACTIONS_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
                             MutinyEmitter<Record<String, Object>> actions,
                             MeterRegistry metrics) {
        this.incidents = incidents;
        this.actions = actions;
        this.metrics = metrics;
    }

    public Uni<Void> event(IncidentEvent event, long seq) {
        String key = event.incident().id().toString();
        Envelope envelope = new Envelope(eventId(event, seq), EventTypes.of("incident", event.action().wire()),
                Envelope.service(SERVICE), key, event.occurredAt());
        return CloudEventMessages.send(incidents, CloudEventMessages.message(envelope, key, event))
                .invoke(() -> metrics.counter("tandem.incident.events.published", "action", event.action().wire()).increment());
    }

    public Uni<Void> action(ActionRequest request) {
        Envelope envelope = new Envelope(request.actionId().toString(), EventTypes.ACTION_REQUESTED,
                Envelope.service(SERVICE), request.incidentId().toString(), request.requestedAt());
        return CloudEventMessages.send(actions, CloudEventMessages.message(envelope, request.target(), request));
    }

    /** The stable id of the event of an incident's {@code seq}-th change. */
    public static String eventId(IncidentEvent event, long seq) {
        return event.incident().id() + ":" + seq;
    }
}
