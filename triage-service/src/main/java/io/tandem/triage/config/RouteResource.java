package io.tandem.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.model.triage.RouteAction;
import io.tandem.service.Roles;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.ProblemException;
import io.tandem.triage.rules.Route;
import io.tandem.triage.rules.RuleKind;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/routes}: the route tree. A route with a {@code parentId} is tried only when its parent matched; the
 * deepest match decides (see {@link Route}). A route that still has children cannot be deleted, so no subtree is
 * orphaned silently.
 */
@Path("/api/v1/routes")
@Produces(MediaType.APPLICATION_JSON)
public class RouteResource extends AdminRuleResource<Route> {

    public RouteResource(RuleStore rules) {
        super(rules, RuleKind.ROUTE);
    }

    /** Parents before children, each level in position order. */
    @Override
    protected List<Route> ordered(List<Route> all) {
        return all.stream()
                .sorted(Comparator.comparing((Route r) -> r.parentId() == null ? "" : r.parentId().toString())
                        .thenComparingInt(Route::position).thenComparing(Route::id))
                .toList();
    }

    @Override
    protected Uni<Void> beforeDelete(UUID id) {
        return rules.<Route>list(RuleKind.ROUTE).map(all -> {
            long children = all.stream().filter(r -> id.equals(r.parentId())).count();
            if (children > 0) {
                throw ProblemException.conflict("has " + children + " child route(s)",
                        "route " + id + " cannot be deleted before its children");
            }
            return null;
        });
    }

    @Override
    protected Uni<Route> checked(Route in, UUID id, String createdBy) {
        Errors errors = new Errors();
        if (in.action() == RouteAction.CHANGE_LINK) {
            errors.add("action", "must be incident, notify or suppress; change links come from change windows");
        }
        if (id.equals(in.parentId())) {
            errors.add("parentId", "a route cannot be its own parent");
        }
        errors.throwIfAny();
        Route route = new Route(id, in.name(), in.position(), in.parentId(), in.matchers(), in.team(),
                in.escalationPolicyId(), in.action(), in.actions(), createdBy, Instant.now());
        if (in.parentId() == null) {
            return Uni.createFrom().item(route);
        }
        return rules.<Route>list(RuleKind.ROUTE).map(all -> {
            if (all.stream().noneMatch(r -> r.id().equals(in.parentId()))) {
                throw ProblemException.badRequest("parentId", "no route " + in.parentId());
            }
            if (descends(all, in.parentId(), id)) {
                throw ProblemException.badRequest("parentId", "would make a cycle: " + in.parentId() + " is below this route");
            }
            return route;
        });
    }

    /** Whether {@code node} is {@code ancestor} or lies below it. */
    private static boolean descends(List<Route> all, UUID node, UUID ancestor) {
        UUID current = node;
        for (int depth = 0; current != null && depth <= all.size(); depth++) {
            if (current.equals(ancestor)) {
                return true;
            }
            UUID at = current;
            current = all.stream().filter(r -> r.id().equals(at)).map(Route::parentId).findFirst().orElse(null);
        }
        return false;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Page<Route>> list() {
        return listAll();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Route> get(@PathParam("id") String id) {
        return getOne(id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(JsonNode json, @Context SecurityContext security, @Context UriInfo uri) {
        return createOne(json, security, uri);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Route> replace(@PathParam("id") String id, JsonNode json, @Context SecurityContext security) {
        return replaceOne(id, json, security);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") String id) {
        return deleteOne(id);
    }
}
