package io.tandem.incident.incident;

import io.smallrye.mutiny.Uni;
import io.tandem.model.incident.IncidentAction;
import io.tandem.model.incident.IncidentEvent;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.time.Instant;

/**
 * What every change of an incident does inside its transaction: a timeline entry with actor and time, the event with
 * the full state on {@code incidents.events}, and whatever else follows incident events (webhook outbox, timers),
 * so no change can skip one of them.
 */
@ApplicationScoped
public class IncidentEvents {

    /** Something that reacts to incident events in the same transaction, e.g. the webhook outbox. */
    public interface Follower {
        Uni<Void> on(SqlClient db, IncidentEvent event, IncidentRow row);
    }

    private final IncidentRepository repository;
    private final IncidentPublisher publisher;
    private final Instance<Follower> followers;

    public IncidentEvents(IncidentRepository repository, IncidentPublisher publisher, Instance<Follower> followers) {
        this.repository = repository;
        this.publisher = publisher;
        this.followers = followers;
    }

    /** Records and publishes one change of {@code row} (its state after the change). */
    public Uni<IncidentRow> record(SqlClient db, IncidentRow row, IncidentAction action, String actor, String detail,
                                   Instant at) {
        return record(db, row, new IncidentEvent(action, row.incident(), actor, detail, at));
    }

    /** Records and publishes an event built by the caller, e.g. one carrying a change request. */
    public Uni<IncidentRow> record(SqlClient db, IncidentRow row, IncidentEvent event) {
        IncidentAction action = event.action();
        String actor = event.actor();
        String detail = event.detail();
        Instant at = event.occurredAt();
        Uni<Void> chain = repository.timeline(db, row.incident().id(), at, actor, action, detail);
        for (Follower follower : followers) {
            chain = chain.chain(() -> follower.on(db, event, row));
        }
        return chain.chain(() -> publisher.event(event, row.seq())).replaceWith(row);
    }
}
