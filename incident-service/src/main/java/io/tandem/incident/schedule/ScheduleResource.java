package io.tandem.incident.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.incident.support.Params;
import io.tandem.service.Roles;
import io.tandem.service.paging.Cursors;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.ProblemException;
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

import java.time.DateTimeException;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code /api/v1/schedules}: on-call rotations in layers with overrides, and who is on call at an instant. Admins
 * define schedules; responders may also add and remove overrides (swapping a shift is their everyday business).
 */
@Path("/api/v1/schedules")
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    private final ScheduleService schedules;

    public ScheduleResource(ScheduleService schedules) {
        this.schedules = schedules;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(JsonNode body, @Context UriInfo uri) {
        return schedules.create(ScheduleInput.schedule(body)).map(s -> Response
                .created(uri.getAbsolutePathBuilder().path(s.id().toString()).build()).entity(s).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Page<Schedule>> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        String key = Cursors.decode(cursor);
        UUID after;
        try {
            after = key == null ? null : UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("cursor", "not a cursor returned by this API");
        }
        return schedules.list(after, Cursors.limit(limit));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Schedule> get(@PathParam("id") String id) {
        return schedules.get(id(id)).map(s -> Params.found(s, "schedule " + id));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Schedule> replace(@PathParam("id") String id, JsonNode body) {
        UUID scheduleId = id(id);
        return schedules.replace(scheduleId, ScheduleInput.schedule(body)).map(s -> Params.found(s, "schedule " + id));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") String id) {
        return schedules.delete(id(id)).map(deleted -> {
            Params.found(deleted ? deleted : null, "schedule " + id);
            return Response.noContent().build();
        });
    }

    /** Body {@code {"user", "start", "end"}}: {@code user} is on call in between, above every layer. */
    @POST
    @Path("{id}/overrides")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<Response> override(@PathParam("id") String id, JsonNode body, @Context UriInfo uri) {
        UUID scheduleId = id(id);
        return schedules.override(scheduleId, ScheduleInput.override(body)).map(o -> Response
                .created(uri.getAbsolutePathBuilder().path(Params.found(o, "schedule " + id).id().toString()).build())
                .entity(o).build());
    }

    @DELETE
    @Path("{id}/overrides/{overrideId}")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<Response> deleteOverride(@PathParam("id") String id, @PathParam("overrideId") String overrideId) {
        return schedules.deleteOverride(id(id), Params.id(overrideId, "override")).map(deleted -> {
            Params.found(deleted ? deleted : null, "override " + overrideId);
            return Response.noContent().build();
        });
    }

    /** Who is on call at {@code at} (RFC 3339; now when absent); {@code user} is null when nobody is. */
    @GET
    @Path("{id}/on-call")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<ScheduleService.OnCallAnswer> onCall(@PathParam("id") String id, @QueryParam("at") String at) {
        UUID scheduleId = id(id);
        Instant when;
        try {
            when = at == null || at.isBlank() ? null : Instant.parse(at.trim());
        } catch (DateTimeException e) {
            throw ProblemException.badRequest("at", "an RFC 3339 time, e.g. 2026-03-29T07:30:00Z");
        }
        return schedules.onCall(scheduleId, when).map(a -> Params.found(a, "schedule " + id));
    }

    private static UUID id(String id) {
        return Params.id(id, "schedule");
    }
}
