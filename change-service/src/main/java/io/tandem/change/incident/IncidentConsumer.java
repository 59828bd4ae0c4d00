package io.tandem.change.incident;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tandem.change.request.ChangeService;
import io.tandem.change.support.Consumers;
import io.tandem.model.incident.IncidentAction;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.model.json.EventFormatException;
import io.tandem.model.json.Json;
import io.tandem.service.messaging.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads {@code incidents.events} to link incidents to the changes that caused them and to open the changes that
 * postmortem action items request ({@code change-requested}); bad records are dead-lettered.
 */
@ApplicationScoped
public class IncidentConsumer {

    public static final String CHANNEL = "incidents-in";

    private final IncidentLinker linker;
    private final ChangeService changes;
    private final MeterRegistry metrics;

    public IncidentConsumer(IncidentLinker linker, ChangeService changes, MeterRegistry metrics) {
        this.linker = linker;
        this.changes = changes;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        return Consumers.handle(message, () -> {
            if (message.getPayload() == null) {
                throw new EventFormatException(null, "empty record: an incident event was expected");
            }
            IncidentEvent event = Json.read(message.getPayload(), IncidentEvent.class);
            String eventId = DeadLetters.eventId(message).orElseThrow(() -> new EventFormatException("ce_id",
                    "an incident event needs its CloudEvent id to be applied once"));
            // A requested change is opened (once, by the request's id) before the event is recorded as linked.
            Uni<Boolean> requested = event.action() == IncidentAction.CHANGE_REQUESTED && event.changeRequest() != null
                    ? changes.requested(event.incident(), event.changeRequest()) : Uni.createFrom().item(false);
            return requested.chain(() -> linker.link(event, eventId));
        }, metrics, "incidents", "invalid-incident-event", "change-incident-link-failed");
    }
}
