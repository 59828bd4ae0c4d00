package io.tandem.change.blackout;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.service.Roles;
import io.tandem.service.paging.Cursors;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.util.UUID;

/** {@code /api/v1/blackout-windows}: change freezes that only emergency changes may cross. */
@Path("/api/v1/blackout-windows")
@Produces(MediaType.APPLICATION_JSON)
public class BlackoutResource {

    private final BlackoutService blackouts;

    public BlackoutResource(BlackoutService blackouts) {
        this.blackouts = blackouts;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Response> create(JsonNode body, @Context UriInfo uri, @Context SecurityContext security) {
        return blackouts.create(body, security.getUserPrincipal().getName()).map(w -> Response
                .created(uri.getAbsolutePathBuilder().path(w.id().toString()).build()).entity(w).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Page<BlackoutWindow>> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        String key = Cursors.decode(cursor);
        UUID after;
        try {
            after = key == null ? null : UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("cursor", "not a cursor returned by this API");
        }
        return blackouts.list(after, Cursors.limit(limit));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<BlackoutWindow> get(@PathParam("id") String id) {
        return blackouts.get(id(id)).map(w -> {
            if (w == null) {
                throw ProblemException.notFound("blackout window " + id);
            }
            return w;
        });
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Response> delete(@PathParam("id") String id) {
        return blackouts.delete(id(id)).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("blackout window " + id);
            }
            return Response.noContent().build();
        });
    }

    private static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("blackout window " + id);
        }
    }
}
