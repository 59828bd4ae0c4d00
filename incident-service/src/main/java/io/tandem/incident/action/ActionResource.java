package io.tandem.incident.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.incident.support.Params;
import io.tandem.service.Roles;
import io.tandem.service.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/incidents/{id}/actions}: response actions of an incident. Responders request and approve them;
 * executors report results with a responder or admin token.
 */
@Path("/api/v1/incidents/{id}/actions")
@Produces(MediaType.APPLICATION_JSON)
public class ActionResource {

    private final ActionService actions;

    public ActionResource(ActionService actions) {
        this.actions = actions;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<List<ResponseAction>> list(@PathParam("id") String id) {
        return actions.list(incident(id)).map(a -> Params.found(a, "incident " + id));
    }

    /** Body {@code {"type": "isolate-host", "target": "web-01", "parameters": {...}}}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<Response> request(@PathParam("id") String id, JsonNode body, @Context SecurityContext security,
                                 @Context UriInfo uri) {
        UUID incidentId = incident(id);
        String type = Params.requiredText(body, "type");
        String target = Params.requiredText(body, "target");
        Map<String, String> parameters = new HashMap<>();
        JsonNode params = body.get("parameters");
        if (params != null && !params.isNull()) {
            if (!params.isObject()) {
                throw ProblemException.badRequest("parameters", "must be an object of text values");
            }
            params.fields().forEachRemaining(e -> {
                if (!e.getValue().isValueNode()) {
                    throw ProblemException.badRequest("parameters." + e.getKey(), "must be a text value");
                }
                parameters.put(e.getKey(), e.getValue().asText());
            });
        }
        return actions.request(incidentId, type, target, parameters, security.getUserPrincipal().getName())
                .map(a -> Response.created(uri.getAbsolutePathBuilder()
                        .path(Params.found(a, "incident " + id).id().toString()).build()).entity(a).build());
    }

    @POST
    @Path("{actionId}/approve")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<ResponseAction> approve(@PathParam("id") String id, @PathParam("actionId") String actionId,
                                       @Context SecurityContext security) {
        return actions.approve(incident(id), Params.id(actionId, "action"), security.getUserPrincipal().getName())
                .map(a -> Params.found(a, "action " + actionId));
    }

    /** Body {@code {"status": "succeeded" | "failed", "detail": "..."}} from the executor. */
    @POST
    @Path("{actionId}/result")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<ResponseAction> result(@PathParam("id") String id, @PathParam("actionId") String actionId, JsonNode body,
                                      @Context SecurityContext security) {
        UUID incidentId = incident(id);
        UUID action = Params.id(actionId, "action");
        String status = Params.requiredText(body, "status");
        if (!status.equals("succeeded") && !status.equals("failed")) {
            throw ProblemException.badRequest("status", "one of succeeded, failed");
        }
        return actions.result(incidentId, action, status.equals("succeeded"), Params.text(body, "detail"),
                security.getUserPrincipal().getName()).map(a -> Params.found(a, "action " + actionId));
    }

    private static UUID incident(String id) {
        return Params.id(id, "incident");
    }
}
