package io.tandem.incident.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.incident.support.Clocks;
import io.tandem.incident.support.Params;
import io.tandem.model.Wire;
import io.tandem.service.Roles;
import io.tandem.service.paging.Cursors;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.Problem.FieldError;
import io.tandem.service.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code /api/v1/escalation-policies} CRUD: admins define them, everyone with a person's role reads them. */
@Path("/api/v1/escalation-policies")
@Produces(MediaType.APPLICATION_JSON)
public class EscalationPolicyResource {

    private final Pool pool;
    private final EscalationRepository repository;
    private final Clock clock;

    public EscalationPolicyResource(Pool pool, EscalationRepository repository, Clock clock) {
        this.pool = pool;
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * Body {@code {"name", "repeatCount", "levels": [{"timeout": "PT5M", "targets": [{"type": "user|schedule|team",
     * "id"}]}]}}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(JsonNode body, @Context UriInfo uri) {
        EscalationPolicy input = parse(body);
        UUID id = UUID.randomUUID();
        Instant now = Clocks.now(clock);
        return pool.withTransaction(db -> repository.insert(db, id, input, now).chain(() -> repository.find(db, id)))
                .map(p -> Response.created(uri.getAbsolutePathBuilder().path(id.toString()).build()).entity(p).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Page<EscalationPolicy>> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        String key = Cursors.decode(cursor);
        UUID after;
        try {
            after = key == null ? null : UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("cursor", "not a cursor returned by this API");
        }
        int size = Cursors.limit(limit);
        return pool.withConnection(db -> repository.list(db, after, size))
                .map(rows -> Page.of(rows, size, p -> p.id().toString()));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<EscalationPolicy> get(@PathParam("id") String id) {
        UUID policyId = Params.id(id, "escalation policy");
        return pool.withConnection(db -> repository.find(db, policyId)).map(p -> Params.found(p, "escalation policy " + id));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<EscalationPolicy> replace(@PathParam("id") String id, JsonNode body) {
        UUID policyId = Params.id(id, "escalation policy");
        EscalationPolicy input = parse(body);
        Instant now = Clocks.now(clock);
        return pool.withTransaction(db -> repository.update(db, policyId, input, now)
                        .chain(found -> found ? repository.find(db, policyId) : Uni.createFrom().nullItem()))
                .map(p -> Params.found(p, "escalation policy " + id));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") String id) {
        UUID policyId = Params.id(id, "escalation policy");
        return pool.withTransaction(db -> repository.delete(db, policyId)).map(deleted -> {
            Params.found(deleted ? deleted : null, "escalation policy " + id);
            return Response.noContent().build();
        });
    }

    static EscalationPolicy parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String name = null;
        try {
            name = Params.requiredText(body, "name");
        } catch (ProblemException e) {
            errors.add(new FieldError("name", "is required"));
        }
        JsonNode repeat = body.get("repeatCount");
        int repeatCount = 0;
        if (repeat != null && !repeat.isNull()) {
            if (!repeat.canConvertToInt() || repeat.asInt() < 0 || repeat.asInt() > 10) {
                errors.add(new FieldError("repeatCount", "a whole number from 0 to 10"));
            } else {
                repeatCount = repeat.asInt();
            }
        }
        List<EscalationPolicy.Level> levels = new ArrayList<>();
        JsonNode levelNodes = body.get("levels");
        if (levelNodes == null || !levelNodes.isArray() || levelNodes.isEmpty()) {
            errors.add(new FieldError("levels", "at least one level is required"));
        } else {
            for (int i = 0; i < levelNodes.size(); i++) {
                levels.add(level(levelNodes.get(i), "levels[" + i + "].", errors));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "invalid escalation policy", errors);
        }
        return new EscalationPolicy(null, name, levels, repeatCount, null, null);
    }

    private static EscalationPolicy.Level level(JsonNode node, String at, List<FieldError> errors) {
        Duration timeout = null;
        JsonNode t = node.get("timeout");
        try {
            timeout = t == null || !t.isTextual() ? null : Duration.parse(t.asText());
        } catch (DateTimeException e) {
            timeout = null;
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            errors.add(new FieldError(at + "timeout", "a positive ISO-8601 duration such as PT5M"));
        }
        List<EscalationPolicy.Target> targets = new ArrayList<>();
        JsonNode targetNodes = node.get("targets");
        if (targetNodes == null || !targetNodes.isArray() || targetNodes.isEmpty()) {
            errors.add(new FieldError(at + "targets", "at least one target is required"));
        } else {
            for (int i = 0; i < targetNodes.size(); i++) {
                JsonNode target = targetNodes.get(i);
                String field = at + "targets[" + i + "]";
                EscalationPolicy.TargetType type = null;
                try {
                    type = Wire.parse(EscalationPolicy.TargetType.class, target.path("type").asText());
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError(field + ".type", "one of user, schedule, team"));
                }
                String id = target.path("id").asText("");
                if (id.isBlank()) {
                    errors.add(new FieldError(field + ".id", "is required"));
                } else if (type == EscalationPolicy.TargetType.SCHEDULE) {
                    try {
                        UUID.fromString(id);
                    } catch (IllegalArgumentException e) {
                        errors.add(new FieldError(field + ".id", "a schedule id (UUID)"));
                    }
                }
                targets.add(new EscalationPolicy.Target(type, id));
            }
        }
        return new EscalationPolicy.Level(timeout, targets);
    }
}
