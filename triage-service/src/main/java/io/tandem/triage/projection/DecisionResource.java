package io.tandem.triage.projection;

import io.smallrye.mutiny.Uni;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.model.triage.TriageDecision;
import io.tandem.service.Roles;
import io.tandem.service.paging.Cursors;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.ProblemException;
import io.tandem.triage.config.Ids;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * "Why did this (not) page me?": {@code GET /api/v1/signals/{id}/decision} answers with the decision triage made for
 * a signal (the rule, silence, inhibit rule or change that decided, and the reason in words) and any follow-up
 * decision made when a hold on it lifted. {@code GET /api/v1/alert-groups} lists alert groups with their counts.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {

    private final Projections projections;

    public DecisionResource(Projections projections) {
        this.projections = projections;
    }

    /** A signal's decision and its follow-ups, oldest first. */
    public record DecisionView(TriageDecision decision, List<TriageDecision> followUps) {
    }

    @GET
    @Path("signals/{id}/decision")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<DecisionView> decision(@PathParam("id") String id) {
        UUID signalId = Ids.parse(id);
        return projections.decisions(signalId).map(found -> {
            if (found.isEmpty()) {
                throw ProblemException.notFound("a decision for signal " + signalId
                        + " (unknown signal, or triage has not decided yet)");
            }
            return new DecisionView(found.get(0), found.subList(1, found.size()));
        });
    }

    /** Alert groups, most recently seen first: {@code status=open} (the default), {@code resolved} or {@code all}. */
    @GET
    @Path("alert-groups")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Page<AlertGroupEvent>> groups(@QueryParam("status") String status, @QueryParam("limit") Integer limit,
                                             @QueryParam("cursor") String cursor) {
        Boolean open = switch (status == null ? "open" : status) {
            case "open" -> true;
            case "resolved" -> false;
            case "all" -> null;
            default -> throw ProblemException.badRequest("status", "must be open, resolved or all");
        };
        Instant afterSeen = null;
        UUID afterId = null;
        String after = Cursors.decode(cursor);
        if (after != null) {
            try {
                int bar = after.indexOf('|');
                afterSeen = Instant.parse(after.substring(0, bar));
                afterId = UUID.fromString(after.substring(bar + 1));
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("cursor", "not a cursor returned by this API");
            }
        }
        int pageSize = Cursors.limit(limit);
        return projections.groups(open, afterSeen, afterId, pageSize + 1)
                .map(rows -> Page.of(rows, pageSize, g -> g.lastSeen().truncatedTo(ChronoUnit.MICROS) + "|" + g.groupId()));
    }
}
