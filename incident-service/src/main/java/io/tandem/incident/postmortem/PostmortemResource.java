package io.tandem.incident.postmortem;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.incident.support.Params;
import io.tandem.service.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** {@code /api/v1/incidents/{id}/postmortem}: responders write it once the incident is resolved; everyone reads it. */
@Path("/api/v1/incidents/{id}/postmortem")
@Produces(MediaType.APPLICATION_JSON)
public class PostmortemResource {

    private final PostmortemService postmortems;

    public PostmortemResource(PostmortemService postmortems) {
        this.postmortems = postmortems;
    }

    /**
     * Writes or revises the postmortem: {@code {"summary", "impact", "contributingFactors": {"operational": [],
     * "security": []}, "timelineExcerpt": [entry ids], "actionItems": [{"title", "owner", "dueDate",
     * "requestChange"?: {"title", "description", "assetKeys"}}]}}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<Postmortem> write(@PathParam("id") String id, JsonNode body, @Context SecurityContext security) {
        var incidentId = Params.id(id, "incident");
        return postmortems.write(incidentId, PostmortemInput.parse(body), security.getUserPrincipal().getName())
                .map(p -> Params.found(p, "incident " + id));
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Postmortem> get(@PathParam("id") String id) {
        return postmortems.get(Params.id(id, "incident")).map(p -> Params.found(p, "postmortem of incident " + id));
    }
}
