package io.tandem.incident.incident;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.incident.escalation.Escalations;
import io.tandem.incident.support.Params;
import io.tandem.model.Priority;
import io.tandem.model.incident.Incident;
import io.tandem.model.incident.IncidentKind;
import io.tandem.model.incident.IncidentStatus;
import io.tandem.service.Roles;
import io.tandem.service.paging.Cursors;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.Problem.FieldError;
import io.tandem.service.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.tandem.incident.support.Params.blankToNull;
import static io.tandem.incident.support.Params.enumParam;
import static io.tandem.incident.support.Params.found;

/**
 * {@code /api/v1/incidents}: list with filters and cursor paging, get, timeline and alerts; lifecycle actions as
 * sub-resources ({@code POST /{id}/acknowledge} ...). People with any role read; responders and admins act, and the
 * actor recorded is the token's subject.
 */
@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    private final IncidentService incidents;
    private final Escalations escalations;

    public IncidentResource(IncidentService incidents, Escalations escalations) {
        this.incidents = incidents;
        this.escalations = escalations;
    }

    /** Newest first; filters combine with AND. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Page<Incident>> list(@QueryParam("status") String status, @QueryParam("team") String team,
                                    @QueryParam("priority") String priority, @QueryParam("kind") String kind,
                                    @QueryParam("assignee") String assignee, @QueryParam("limit") Integer limit,
                                    @QueryParam("cursor") String cursor) {
        List<FieldError> errors = new ArrayList<>();
        IncidentStatus statusFilter = enumParam("status", status, IncidentStatus.class, errors);
        IncidentKind kindFilter = enumParam("kind", kind, IncidentKind.class, errors);
        Priority priorityFilter = null;
        if (priority != null && !priority.isBlank()) {
            try {
                priorityFilter = Priority.valueOf(priority.trim().toUpperCase());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("priority", "must be one of P1..P5, was '" + priority + "'"));
            }
        }
        IncidentQuery.Position after = null;
        String key = Cursors.decode(cursor);
        if (key != null) {
            try {
                String[] parts = key.split("\\|", 2);
                after = new IncidentQuery.Position(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (DateTimeParseException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                errors.add(new FieldError("cursor", "not a cursor returned by this API"));
            }
        }
        int pageSize = Cursors.limit(limit);
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "invalid query parameters", errors);
        }
        return incidents.list(new IncidentQuery(statusFilter, blankToNull(team), priorityFilter, kindFilter,
                blankToNull(assignee), after, pageSize));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<IncidentDetail> get(@PathParam("id") String id) {
        UUID incidentId = id(id);
        return incidents.get(incidentId).map(row -> IncidentDetail.of(found(row, "incident " + id)));
    }

    /** Every action and incoming event, oldest first, with actor and time. */
    @GET
    @Path("{id}/timeline")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Page<TimelineEntry>> timeline(@PathParam("id") String id, @QueryParam("limit") Integer limit,
                                             @QueryParam("cursor") String cursor) {
        long after = 0;
        String key = Cursors.decode(cursor);
        if (key != null) {
            try {
                after = Long.parseLong(key);
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("cursor", "not a cursor returned by this API");
            }
        }
        return incidents.timeline(id(id), after, Cursors.limit(limit)).map(page -> found(page, "incident " + id));
    }

    /** The signals attached to the incident, in attach order. */
    @GET
    @Path("{id}/alerts")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Page<Alert>> alerts(@PathParam("id") String id, @QueryParam("limit") Integer limit,
                                   @QueryParam("cursor") String cursor) {
        Alert.Key after = null;
        String key = Cursors.decode(cursor);
        if (key != null) {
            try {
                String[] parts = key.split("\\|", 2);
                after = new Alert.Key(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (DateTimeParseException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw ProblemException.badRequest("cursor", "not a cursor returned by this API");
            }
        }
        return incidents.alerts(id(id), after, Cursors.limit(limit)).map(page -> found(page, "incident " + id));
    }

    @POST
    @Path("{id}/acknowledge")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<Incident> acknowledge(@PathParam("id") String id, JsonNode body, @Context SecurityContext security) {
        return transition(id, Transition.ACKNOWLEDGE, body, security);
    }

    /** Contained: the impact or the attacker is stopped, the cause may still be there. */
    @POST
    @Path("{id}/mitigate")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<Incident> mitigate(@PathParam("id") String id, JsonNode body, @Context SecurityContext security) {
        return transition(id, Transition.MITIGATE, body, security);
    }

    @POST
    @Path("{id}/resolve")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<Incident> resolve(@PathParam("id") String id, JsonNode body, @Context SecurityContext security) {
        return transition(id, Transition.RESOLVE, body, security);
    }

    @POST
    @Path("{id}/close")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<Incident> close(@PathParam("id") String id, JsonNode body, @Context SecurityContext security) {
        return transition(id, Transition.CLOSE, body, security);
    }

    @POST
    @Path("{id}/reopen")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<Incident> reopen(@PathParam("id") String id, JsonNode body, @Context SecurityContext security) {
        return transition(id, Transition.REOPEN, body, security);
    }

    /** Body {@code {"assignee": "...", "commander": "..."}}, at least one of them. */
    @POST
    @Path("{id}/assign")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<Incident> assign(@PathParam("id") String id, JsonNode body, @Context SecurityContext security) {
        UUID incidentId = id(id);
        String assignee = Params.text(body, "assignee");
        String commander = Params.text(body, "commander");
        if (assignee == null && commander == null) {
            throw ProblemException.badRequest("assignee", "name an assignee or a commander");
        }
        return incidents.assign(incidentId, assignee, commander, actor(security))
                .map(incident -> found(incident, "incident " + id));
    }

    /** Pages the next level of the incident's escalation policy now. */
    @POST
    @Path("{id}/escalate")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<Incident> escalate(@PathParam("id") String id, @Context SecurityContext security) {
        return escalations.escalateNow(id(id), actor(security))
                .map(row -> found(row, "incident " + id).incident());
    }

    /** Body {@code {"into": "<incident id>"}}: this incident's alerts and groups move there. */
    @POST
    @Path("{id}/merge")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<Incident> merge(@PathParam("id") String id, JsonNode body, @Context SecurityContext security) {
        UUID incidentId = id(id);
        UUID into = Params.requiredId(body, "into");
        return incidents.merge(incidentId, into, actor(security)).map(incident -> found(incident, "incident " + id));
    }

    /** Body {@code {"text": "..."}}. */
    @POST
    @Path("{id}/notes")
    @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
    public Uni<Incident> note(@PathParam("id") String id, JsonNode body, @Context SecurityContext security) {
        UUID incidentId = id(id);
        String text = Params.requiredText(body, "text");
        return incidents.note(incidentId, text, actor(security)).map(incident -> found(incident, "incident " + id));
    }

    private Uni<Incident> transition(String id, Transition transition, JsonNode body, SecurityContext security) {
        UUID incidentId = id(id);
        String note = Params.text(body, "note");
        return incidents.transition(incidentId, transition, actor(security), note)
                .map(incident -> found(incident, "incident " + id));
    }

    static String actor(SecurityContext security) {
        return security.getUserPrincipal().getName();
    }

    private static UUID id(String id) {
        return Params.id(id, "incident");
    }
}
