package io.tandem.change.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.service.Roles;
import io.tandem.service.paging.Cursors;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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

/** {@code /api/v1/change-templates}: pre-approved standard changes; change managers and admins define them. */
@Path("/api/v1/change-templates")
@Produces(MediaType.APPLICATION_JSON)
public class TemplateResource {

    private final TemplateService templates;

    public TemplateResource(TemplateService templates) {
        this.templates = templates;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Response> create(JsonNode body, @Context UriInfo uri, @Context SecurityContext security) {
        return templates.create(body, security.getUserPrincipal().getName()).map(t -> Response
                .created(uri.getAbsolutePathBuilder().path(t.id().toString()).build()).entity(t).build());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Page<ChangeTemplate>> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return templates.list(after(cursor), Cursors.limit(limit));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<ChangeTemplate> get(@PathParam("id") String id) {
        UUID templateId = id(id);
        return templates.get(templateId).map(t -> {
            if (t == null) {
                throw ProblemException.notFound("change template " + id);
            }
            return t;
        });
    }

    private static UUID after(String cursor) {
        String key = Cursors.decode(cursor);
        try {
            return key == null ? null : UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("cursor", "not a cursor returned by this API");
        }
    }

    private static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("change template " + id);
        }
    }
}
