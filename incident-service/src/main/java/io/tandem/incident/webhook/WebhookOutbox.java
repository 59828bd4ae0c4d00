package io.tandem.incident.webhook;

import io.smallrye.mutiny.Uni;
import io.tandem.incident.incident.IncidentEvents;
import io.tandem.incident.incident.IncidentPublisher;
import io.tandem.incident.incident.IncidentRow;
import io.tandem.model.EventTypes;
import io.tandem.model.incident.Incident;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.model.json.Json;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;

/** Queues every incident event for the matching webhooks, in the transaction of the change it reports. */
@ApplicationScoped
public class WebhookOutbox implements IncidentEvents.Follower {

    private final WebhookRepository repository;

    public WebhookOutbox(WebhookRepository repository) {
        this.repository = repository;
    }

    @Override
    public Uni<Void> on(SqlClient db, IncidentEvent event, IncidentRow row) {
        Incident i = event.incident();
        return repository.enqueue(db, IncidentPublisher.eventId(event, row.seq()),
                EventTypes.of("incident", event.action().wire()), new String(Json.write(event), StandardCharsets.UTF_8),
                i.team(), i.priority().name(), i.kind().wire(), event.occurredAt());
    }
}
