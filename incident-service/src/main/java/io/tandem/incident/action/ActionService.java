package io.tandem.incident.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.tandem.incident.IncidentConfig;
import io.tandem.incident.incident.IncidentEvents;
import io.tandem.incident.incident.IncidentPublisher;
import io.tandem.incident.incident.IncidentRepository;
import io.tandem.incident.incident.IncidentRow;
import io.tandem.incident.support.Clocks;
import io.tandem.model.Wire;
import io.tandem.model.action.ActionRequest;
import io.tandem.model.incident.IncidentAction;
import io.tandem.model.incident.IncidentStatus;
import io.tandem.model.json.Json;
import io.tandem.service.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tandem.incident.incident.IncidentRepository.instant;
import static io.tandem.incident.incident.IncidentRepository.time;

/**
 * Response actions (isolate host, disable user, open ticket, run playbook): requested by a route when its incident
 * opens or by a responder, held for a responder's approval where configured, published on {@code actions.requests}
 * and completed by the executor's result. Every step is on the incident's timeline.
 */
@ApplicationScoped
public class ActionService {

    private static final TypeReference<Map<String, String>> PARAMETERS = new TypeReference<>() { };

    private final Pool pool;
    private final IncidentRepository incidents;
    private final IncidentEvents events;
    private final IncidentPublisher publisher;
    private final IncidentConfig config;
    private final Clock clock;

    public ActionService(Pool pool, IncidentRepository incidents, IncidentEvents events, IncidentPublisher publisher,
                         IncidentConfig config, Clock clock) {
        this.pool = pool;
        this.incidents = incidents;
        this.events = events;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
    }

    /** The actions a route names, against the incident's first asset (or the incident itself when it has none). */
    public Uni<Void> requestForRoute(SqlClient db, IncidentRow row, List<String> types, Instant at) {
        String target = row.incident().assetKeys().isEmpty() ? row.incident().id().toString()
                : row.incident().assetKeys().get(0);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String type : types) {
            chain = chain.chain(() -> request(db, row.incident().id(), type, target, Map.of(), "route", at));
        }
        return chain;
    }

    /** A responder's request; 409 on an incident that is over; null when the incident does not exist. */
    @WithSpan
    public Uni<ResponseAction> request(UUID incidentId, String type, String target, Map<String, String> parameters,
                                       String actor) {
        Instant now = Clocks.now(clock);
        return pool.withTransaction(db -> incidents.lock(db, incidentId).chain(row -> {
            if (row == null) {
                return Uni.createFrom().nullItem();
            }
            IncidentStatus status = row.incident().status();
            if (status == IncidentStatus.CLOSED || status == IncidentStatus.MERGED) {
                throw ProblemException.conflict(status.wire(), "cannot request actions on incident " + incidentId);
            }
            UUID id = UUID.randomUUID();
            return insertAndPublish(db, id, incidentId, type, target, parameters, actor, now).chain(() -> find(db, id));
        }));
    }

    private Uni<Void> request(SqlClient db, UUID incidentId, String type, String target, Map<String, String> parameters,
                              String actor, Instant now) {
        return insertAndPublish(db, UUID.randomUUID(), incidentId, type, target, parameters, actor, now);
    }

    private Uni<Void> insertAndPublish(SqlClient db, UUID id, UUID incidentId, String type, String target,
                                       Map<String, String> parameters, String actor, Instant now) {
        boolean approval = config.actionsRequiringApproval().contains(type);
        IncidentActionState state = approval ? IncidentActionState.PENDING_APPROVAL : IncidentActionState.REQUESTED;
        return db.preparedQuery("""
                        INSERT INTO incident_action (id, incident_id, type, target, parameters, status, requested_by,
                                                     requested_at)
                        VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8)
                        """)
                .execute(Tuple.of(id, incidentId, type, target,
                        new String(Json.write(parameters), StandardCharsets.UTF_8)).addString(state.wire())
                        .addString(actor).addValue(time(now)))
                .chain(() -> approval ? Uni.createFrom().voidItem()
                        : publisher.action(new ActionRequest(id, incidentId, type, target, parameters, actor, null, now)))
                .chain(() -> incidents.bump(db, incidentId))
                .chain(row -> events.record(db, row, IncidentAction.ACTION_REQUESTED, actor,
                        type + " on " + target + " (action " + id + ")"
                                + (approval ? ", waiting for a responder's approval" : ""), now))
                .replaceWithVoid();
    }

    /** A responder approves a pending action, which is then published; 409 when it is not pending. */
    @WithSpan
    public Uni<ResponseAction> approve(UUID incidentId, UUID actionId, String actor) {
        Instant now = Clocks.now(clock);
        return pool.withTransaction(db -> incidents.lock(db, incidentId).chain(row -> row == null
                ? Uni.createFrom().<ResponseAction>nullItem()
                : find(db, actionId).chain(action -> {
            if (action == null || !action.incidentId().equals(incidentId)) {
                return Uni.createFrom().<ResponseAction>nullItem();
            }
            if (action.status() != IncidentActionState.PENDING_APPROVAL) {
                throw ProblemException.conflict(action.status().wire(), "action " + actionId + " needs no approval");
            }
            return db.preparedQuery("UPDATE incident_action SET status = 'requested', approved_by = $2 WHERE id = $1")
                    .execute(Tuple.of(actionId, actor))
                    .chain(() -> publisher.action(new ActionRequest(actionId, incidentId, action.type(), action.target(),
                            action.parameters(), action.requestedBy(), actor, now)))
                    .chain(() -> incidents.bump(db, incidentId))
                    .chain(r -> events.record(db, r, IncidentAction.ACTION_REQUESTED, actor,
                            "approved " + action.type() + " on " + action.target() + " (action " + actionId + ")", now))
                    .chain(() -> find(db, actionId));
        })));
    }

    /** The executor's result; 409 unless the action was requested and not answered yet. */
    @WithSpan
    public Uni<ResponseAction> result(UUID incidentId, UUID actionId, boolean succeeded, String detail, String actor) {
        Instant now = Clocks.now(clock);
        IncidentActionState outcome = succeeded ? IncidentActionState.SUCCEEDED : IncidentActionState.FAILED;
        return pool.withTransaction(db -> incidents.lock(db, incidentId).chain(row -> row == null
                ? Uni.createFrom().<ResponseAction>nullItem()
                : find(db, actionId).chain(action -> {
            if (action == null || !action.incidentId().equals(incidentId)) {
                return Uni.createFrom().<ResponseAction>nullItem();
            }
            if (action.status() != IncidentActionState.REQUESTED) {
                throw ProblemException.conflict(action.status().wire(), "action " + actionId + " takes no result");
            }
            return db.preparedQuery("UPDATE incident_action SET status = $2, result = $3, completed_at = $4 WHERE id = $1")
                    .execute(Tuple.of(actionId, outcome.wire(), detail, time(now)))
                    .chain(() -> incidents.bump(db, incidentId))
                    .chain(r -> events.record(db, r, IncidentAction.ACTION_COMPLETED, actor,
                            action.type() + " on " + action.target() + " " + outcome.wire()
                                    + (detail == null ? "" : ": " + detail) + " (action " + actionId + ")", now))
                    .chain(() -> find(db, actionId));
        })));
    }

    /** The incident's actions, oldest first; null when the incident does not exist. */
    public Uni<List<ResponseAction>> list(UUID incidentId) {
        return pool.withConnection(db -> incidents.find(db, incidentId).chain(row -> row == null
                ? Uni.createFrom().nullItem()
                : db.preparedQuery("SELECT * FROM incident_action WHERE incident_id = $1 ORDER BY requested_at, id")
                .execute(Tuple.of(incidentId)).map(rows -> {
                    List<ResponseAction> all = new ArrayList<>();
                    rows.forEach(r -> all.add(action(r)));
                    return all;
                })));
    }

    private Uni<ResponseAction> find(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT * FROM incident_action WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : action(rows.iterator().next()));
    }

    private static ResponseAction action(Row r) {
        try {
            return new ResponseAction(r.getUUID("id"), r.getUUID("incident_id"), r.getString("type"), r.getString("target"),
                    Json.mapper().readValue(r.getValue("parameters").toString(), PARAMETERS),
                    Wire.parse(IncidentActionState.class, r.getString("status")), r.getString("requested_by"),
                    r.getString("approved_by"), instant(r, "requested_at"), r.getString("result"),
                    instant(r, "completed_at"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("action " + r.getUUID("id") + " has unreadable parameters", e);
        }
    }
}
