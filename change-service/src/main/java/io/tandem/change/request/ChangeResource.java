package io.tandem.change.request;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.change.request.Transitions.Command;
import io.tandem.model.Wire;
import io.tandem.model.change.ChangeStatus;
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
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code /api/v1/changes}: change requests and their lifecycle. Everyone with a person's role reads; responders,
 * change managers and admins request and carry out changes; only change managers approve, reject, review
 * emergencies and make temporary changes permanent, and never their own.
 */
@Path("/api/v1/changes")
@Produces(MediaType.APPLICATION_JSON)
public class ChangeResource {


    private final ChangeService changes;

    public ChangeResource(ChangeService changes) {
        this.changes = changes;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Response> create(JsonNode body, @Context UriInfo uri, @Context SecurityContext security) {
        return changes.create(ChangeInputParser.parse(body), actor(security)).map(change -> Response
                .created(uri.getAbsolutePathBuilder().path(change.id().toString()).build()).entity(change).build());
    }

    /**
     * Lists changes in id order; {@code asset} (an inventory id or any name signals use for the host) and
     * {@code activeAt} answer "what changed on this host around that time".
     */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Page<ChangeRequest>> list(@QueryParam("asset") String asset, @QueryParam("activeAt") String activeAt,
                                         @QueryParam("status") String status, @QueryParam("limit") Integer limit,
                                         @QueryParam("cursor") String cursor) {
        UUID assetId = null;
        List<String> keys = null;
        if (asset != null && !asset.isBlank()) {
            String name = asset.trim();
            assetId = uuidOrNull(name);
            keys = List.of(name, name.toLowerCase(Locale.ROOT));
        }
        Instant at = null;
        if (activeAt != null && !activeAt.isBlank()) {
            try {
                at = OffsetDateTime.parse(activeAt.trim()).toInstant();
            } catch (DateTimeParseException e) {
                throw ProblemException.badRequest("activeAt", "not an RFC 3339 time: '" + activeAt + "'");
            }
        }
        ChangeStatus state = null;
        if (status != null && !status.isBlank()) {
            try {
                state = Wire.parse(ChangeStatus.class, status.trim());
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("status", e.getMessage());
            }
        }
        String afterKey = Cursors.decode(cursor);
        UUID after = afterKey == null ? null : uuidOrNull(afterKey);
        if (afterKey != null && after == null) {
            throw ProblemException.badRequest("cursor", "not a cursor returned by this API");
        }
        return changes.list(assetId, keys, at, state, after, Cursors.limit(limit));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<ChangeRequest> get(@PathParam("id") String id) {
        UUID changeId = id(id);
        return changes.get(changeId).map(c -> found(c, changeId));
    }

    /** Who did what to the change and when, oldest first. */
    @GET
    @Path("{id}/audit")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Page<AuditEntry>> audit(@PathParam("id") String id) {
        UUID changeId = id(id);
        return changes.audit(changeId).map(entries -> new Page<>(found(entries, changeId), null));
    }

    /** Replaces a draft; a submitted change is the audited record and cannot be edited (409). */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<ChangeRequest> replace(@PathParam("id") String id, JsonNode body, @Context SecurityContext security) {
        UUID changeId = id(id);
        return changes.replace(changeId, ChangeInputParser.parse(body), actor(security)).map(c -> found(c, changeId));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Response> delete(@PathParam("id") String id) {
        UUID changeId = id(id);
        return changes.delete(changeId).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("change " + changeId);
            }
            return Response.noContent().build();
        });
    }

    @POST
    @Path("{id}/submit")
    @RolesAllowed({Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<ChangeRequest> submit(@PathParam("id") String id, @Context SecurityContext security) {
        UUID changeId = id(id);
        return changes.submit(changeId, actor(security)).map(c -> found(c, changeId));
    }

    @POST
    @Path("{id}/approve")
    @RolesAllowed(Roles.CHANGE_MANAGER)
    public Uni<ChangeRequest> approve(@PathParam("id") String id, @QueryParam("comment") String comment,
                                      @Context SecurityContext security) {
        UUID changeId = id(id);
        return changes.approve(changeId, actor(security), blankToNull(comment)).map(c -> found(c, changeId));
    }

    @POST
    @Path("{id}/reject")
    @RolesAllowed(Roles.CHANGE_MANAGER)
    public Uni<ChangeRequest> reject(@PathParam("id") String id, @QueryParam("reason") String reason,
                                     @Context SecurityContext security) {
        return step(id, Command.REJECT, reason, security);
    }

    @POST
    @Path("{id}/start")
    @RolesAllowed({Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<ChangeRequest> start(@PathParam("id") String id, @QueryParam("note") String note,
                                    @Context SecurityContext security) {
        return step(id, Command.START, note, security);
    }

    @POST
    @Path("{id}/complete")
    @RolesAllowed({Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<ChangeRequest> complete(@PathParam("id") String id, @QueryParam("note") String note,
                                       @Context SecurityContext security) {
        return step(id, Command.COMPLETE, note, security);
    }

    @POST
    @Path("{id}/verify")
    @RolesAllowed({Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<ChangeRequest> verify(@PathParam("id") String id, @QueryParam("note") String note,
                                     @Context SecurityContext security) {
        return step(id, Command.VERIFY, note, security);
    }

    @POST
    @Path("{id}/fail")
    @RolesAllowed({Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<ChangeRequest> fail(@PathParam("id") String id, @QueryParam("note") String note,
                                   @Context SecurityContext security) {
        return step(id, Command.FAIL, note, security);
    }

    @POST
    @Path("{id}/rollback")
    @RolesAllowed({Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<ChangeRequest> rollback(@PathParam("id") String id, @QueryParam("note") String note,
                                       @Context SecurityContext security) {
        return step(id, Command.ROLLBACK, note, security);
    }

    @POST
    @Path("{id}/close")
    @RolesAllowed({Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<ChangeRequest> close(@PathParam("id") String id, @QueryParam("note") String note,
                                    @Context SecurityContext security) {
        return step(id, Command.CLOSE, note, security);
    }

    /** The post-implementation review of an emergency change, due within the configured time after it started. */
    @POST
    @Path("{id}/review")
    @RolesAllowed(Roles.CHANGE_MANAGER)
    public Uni<ChangeRequest> review(@PathParam("id") String id, @QueryParam("notes") String notes,
                                     @Context SecurityContext security) {
        UUID changeId = id(id);
        return changes.review(changeId, actor(security), blankToNull(notes)).map(c -> found(c, changeId));
    }

    /** Keeps a temporary change for good, so it no longer expires. */
    @POST
    @Path("{id}/make-permanent")
    @RolesAllowed(Roles.CHANGE_MANAGER)
    public Uni<ChangeRequest> makePermanent(@PathParam("id") String id, @QueryParam("reason") String reason,
                                            @Context SecurityContext security) {
        UUID changeId = id(id);
        return changes.makePermanent(changeId, actor(security), blankToNull(reason)).map(c -> found(c, changeId));
    }

    private Uni<ChangeRequest> step(String id, Command command, String note, SecurityContext security) {
        UUID changeId = id(id);
        return changes.transition(changeId, command, actor(security), blankToNull(note)).map(c -> found(c, changeId));
    }

    private static String actor(SecurityContext security) {
        return security.getUserPrincipal().getName();
    }

    private static <T> T found(T value, UUID id) {
        if (value == null) {
            throw ProblemException.notFound("change " + id);
        }
        return value;
    }

    private static UUID id(String id) {
        UUID parsed = uuidOrNull(id);
        if (parsed == null) {
            throw ProblemException.notFound("change " + id);
        }
        return parsed;
    }

    private static UUID uuidOrNull(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
