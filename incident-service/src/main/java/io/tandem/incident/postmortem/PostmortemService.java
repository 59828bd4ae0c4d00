package io.tandem.incident.postmortem;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.tandem.incident.incident.IncidentEvents;
import io.tandem.incident.incident.IncidentRepository;
import io.tandem.incident.incident.IncidentRow;
import io.tandem.incident.incident.TimelineEntry;
import io.tandem.incident.support.Clocks;
import io.tandem.model.incident.ChangeRequest;
import io.tandem.model.incident.IncidentAction;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.model.incident.IncidentStatus;
import io.tandem.model.json.Json;
import io.tandem.service.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.tandem.incident.incident.IncidentRepository.time;

/**
 * Postmortems of resolved or closed incidents. Writing one publishes {@code postmortem-published}; each action item
 * that requests a change publishes {@code change-requested} once (its id is derived from the item), which
 * change-service turns into a change request linked to the incident.
 */
@ApplicationScoped
public class PostmortemService {

    private final Pool pool;
    private final IncidentRepository incidents;
    private final IncidentEvents events;
    private final Clock clock;

    public PostmortemService(Pool pool, IncidentRepository incidents, IncidentEvents events, Clock clock) {
        this.pool = pool;
        this.incidents = incidents;
        this.events = events;
        this.clock = clock;
    }

    /** Writes (or revises) the postmortem; null when the incident does not exist, 409 unless resolved or closed. */
    @WithSpan
    public Uni<Postmortem> write(UUID incidentId, PostmortemInput input, String author) {
        Instant now = Clocks.now(clock);
        return pool.withTransaction(db -> incidents.lock(db, incidentId).chain(row -> {
            if (row == null) {
                return Uni.createFrom().nullItem();
            }
            IncidentStatus status = row.incident().status();
            if (status != IncidentStatus.RESOLVED && status != IncidentStatus.CLOSED) {
                throw ProblemException.conflict(status.wire(), "a postmortem needs a resolved or closed incident "
                        + incidentId);
            }
            return incidents.timeline(db, incidentId, 0, 10_000).chain(timeline -> {
                List<TimelineEntry> excerpt = excerpt(timeline, input.timelineExcerpt());
                return requested(db, incidentId).chain(already -> {
                    List<Postmortem.ActionItem> items = new ArrayList<>();
                    List<ChangeRequest> toPublish = new ArrayList<>();
                    for (PostmortemInput.Item item : input.actionItems()) {
                        UUID itemId = UUID.nameUUIDFromBytes((incidentId + "|" + item.title()).getBytes(StandardCharsets.UTF_8));
                        UUID changeId = item.requestChange() == null ? null
                                : UUID.nameUUIDFromBytes((itemId + "|change").getBytes(StandardCharsets.UTF_8));
                        items.add(new Postmortem.ActionItem(itemId, item.title(), item.owner(), item.dueDate(),
                                item.requestChange(), changeId));
                        if (changeId != null && !already.contains(itemId)) {
                            toPublish.add(new ChangeRequest(changeId, itemId, item.requestChange().title(),
                                    item.requestChange().description(), item.requestChange().assetKeys(), item.owner(),
                                    item.dueDate(), author));
                        }
                    }
                    Postmortem postmortem = new Postmortem(incidentId, input.summary(), input.impact(),
                            input.contributingFactors(), excerpt, items, author, now, now);
                    return save(db, postmortem)
                            .chain(() -> incidents.bump(db, incidentId))
                            .chain(r -> events.record(db, r, IncidentAction.POSTMORTEM_PUBLISHED, author,
                                    "postmortem: " + input.summary(), now))
                            .chain(r -> publishChanges(db, r, toPublish, author, now))
                            .chain(() -> find(db, incidentId));
                });
            });
        }));
    }

    public Uni<Postmortem> get(UUID incidentId) {
        return pool.withConnection(db -> find(db, incidentId));
    }

    private Uni<Void> publishChanges(SqlClient db, IncidentRow row, List<ChangeRequest> requests, String actor,
                                     Instant now) {
        Uni<IncidentRow> chain = Uni.createFrom().item(row);
        for (ChangeRequest request : requests) {
            chain = chain.chain(() -> db.preparedQuery("""
                                    INSERT INTO postmortem_change_request (action_item_id, incident_id, change_request_id,
                                                                          requested_at)
                                    VALUES ($1, $2, $3, $4)
                                    """).execute(Tuple.of(request.actionItemId(), row.incident().id(), request.id(),
                            time(now))))
                    .chain(() -> incidents.bump(db, row.incident().id()))
                    .chain(r -> events.record(db, r, new IncidentEvent(IncidentAction.CHANGE_REQUESTED, r.incident(),
                            actor, "postmortem action item: " + request.title(), now, request)));
        }
        return chain.replaceWithVoid();
    }

    private static List<TimelineEntry> excerpt(List<TimelineEntry> timeline, List<Long> ids) {
        Set<Long> known = new HashSet<>();
        timeline.forEach(e -> known.add(e.id()));
        for (int i = 0; i < ids.size(); i++) {
            if (!known.contains(ids.get(i))) {
                throw ProblemException.badRequest("timelineExcerpt[" + i + "]", "no timeline entry " + ids.get(i)
                        + " on this incident");
            }
        }
        return timeline.stream().filter(e -> ids.contains(e.id())).toList();
    }

    private Uni<Set<UUID>> requested(SqlClient db, UUID incidentId) {
        return db.preparedQuery("SELECT action_item_id FROM postmortem_change_request WHERE incident_id = $1")
                .execute(Tuple.of(incidentId)).map(rows -> {
                    Set<UUID> ids = new HashSet<>();
                    rows.forEach(r -> ids.add(r.getUUID("action_item_id")));
                    return ids;
                });
    }

    private Uni<Void> save(SqlClient db, Postmortem p) {
        return db.preparedQuery("""
                        INSERT INTO postmortem (incident_id, document, author, created_at, updated_at)
                        VALUES ($1, $2::text::jsonb, $3, $4, $4)
                        ON CONFLICT (incident_id) DO UPDATE
                           SET document = excluded.document, author = excluded.author, updated_at = excluded.updated_at
                        """).execute(Tuple.of(p.incidentId(), new String(Json.write(p), StandardCharsets.UTF_8),
                        p.author(), time(p.updatedAt())))
                .replaceWithVoid();
    }

    private Uni<Postmortem> find(SqlClient db, UUID incidentId) {
        return db.preparedQuery("SELECT document::text AS document, created_at FROM postmortem WHERE incident_id = $1")
                .execute(Tuple.of(incidentId)).map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    var row = rows.iterator().next();
                    try {
                        Postmortem p = Json.mapper().readValue(row.getString("document"), Postmortem.class);
                        return new Postmortem(p.incidentId(), p.summary(), p.impact(), p.contributingFactors(),
                                p.timelineExcerpt(), p.actionItems(), p.author(),
                                IncidentRepository.instant(row, "created_at"), p.updatedAt());
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("postmortem of " + incidentId + " is unreadable", e);
                    }
                });
    }
}
