package io.tandem.change.incident;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tandem.change.ChangeConfig;
import io.tandem.change.request.ChangePublisher;
import io.tandem.change.request.ChangeRepository;
import io.tandem.change.request.ChangeRequest;
import io.tandem.change.request.ChangeSignals;
import io.tandem.change.support.Clocks;
import io.tandem.service.persistence.ProcessedEvents;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.incident.Incident;
import io.tandem.model.incident.IncidentEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Change-induced incidents: an incident opened on an asset within the configured time after a change on it
 * completed, or one that incident-service linked to a change, is linked to that change, which is marked as having
 * caused an incident (the change failure rate KPI) and published as {@code incident-linked} so incident-service
 * links back. The link's primary key and the processed-event log keep a redelivered event from linking twice.
 */
@ApplicationScoped
public class IncidentLinker {

    /** The consumer name in {@code processed_event}. */
    public static final String CONSUMER = "change-incidents";

    /** What an incident event did. */
    public enum Outcome { DUPLICATE, UNRELATED, LINKED }

    private final Pool pool;
    private final ChangeRepository repository;
    private final ChangePublisher publisher;
    private final ChangeConfig config;
    private final Clock clock;

    public IncidentLinker(Pool pool, ChangeRepository repository, ChangePublisher publisher,
                          ChangeConfig config, Clock clock) {
        this.pool = pool;
        this.repository = repository;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
    }

    @WithSpan
    public Uni<Outcome> link(IncidentEvent event, String eventId) {
        Incident incident = event.incident();
        Instant now = Clocks.now(clock);
        Instant opened = incident.openedAt();
        return pool.withTransaction(db -> ProcessedEvents.firstTime(db, CONSUMER, eventId).chain(first -> {
            if (!first) {
                return Uni.createFrom().item(Outcome.DUPLICATE);
            }
            return repository.select(db, """
                                    (c.id = ANY($1) OR (c.asset_keys && $2 AND c.completed_at IS NOT NULL
                                                        AND c.completed_at <= $3 AND c.completed_at >= $4))
                                    AND NOT EXISTS (SELECT 1 FROM change_incident i
                                                     WHERE i.change_id = c.id AND i.incident_id = $5)
                                    """,
                            Tuple.of(incident.changeIds().toArray(UUID[]::new),
                                    incident.assetKeys().toArray(String[]::new), opened.atOffset(ZoneOffset.UTC),
                                    opened.minus(config.incidentLink().within()).atOffset(ZoneOffset.UTC),
                                    incident.id()), 1000)
                    .chain(changes -> changes.isEmpty() ? Uni.createFrom().item(Outcome.UNRELATED)
                            : Multi.createFrom().iterable(changes)
                            .onItem().transformToUniAndConcatenate(change -> link(db, change, incident, now))
                            .collect().asList().replaceWith(Outcome.LINKED));
        }));
    }

    private Uni<Void> link(SqlClient db, ChangeRequest change, Incident incident, Instant now) {
        String detail = incident.changeIds().contains(change.id())
                ? "incident " + incident.id() + " '" + incident.title() + "' linked to this change by incident-service"
                : "incident " + incident.id() + " '" + incident.title() + "' opened on " + String.join(", ",
                incident.assetKeys().stream().filter(change.assetKeys()::contains).toList()) + " "
                + human(Duration.between(change.completedAt(), incident.openedAt())) + " after the change completed";
        UUID eventId = ChangeSignals.eventId(ChangeAction.INCIDENT_LINKED, change.id(), incident.id().toString());
        return repository.linkIncident(db, change.id(), incident.id(), now)
                .chain(() -> repository.set(db, change.id(), "caused_incident", true, now))
                .chain(() -> repository.audit(db, change.id(), ChangeAction.INCIDENT_LINKED, change.status(),
                        change.status(), ChangeSignals.SYSTEM_ACTOR, detail, now))
                .chain(() -> repository.find(db, change.id()))
                .chain(linked -> publisher.event(new ChangeEvent(ChangeAction.INCIDENT_LINKED, linked.toChange(),
                        ChangeSignals.SYSTEM_ACTOR, detail, now), eventId));
    }

    private static String human(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes < 120 ? minutes + " min" : duration.toHours() + " h";
    }
}
