package io.tandem.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.service.Roles;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.ProblemException;
import io.tandem.triage.rules.InhibitRule;
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
import java.util.UUID;

/** {@code /api/v1/inhibit-rules}: Alertmanager inhibition rules; admins write, everyone with a person's role reads. */
@Path("/api/v1/inhibit-rules")
@Produces(MediaType.APPLICATION_JSON)
public class InhibitRuleResource {

    private final RuleStore rules;

    public InhibitRuleResource(RuleStore rules) {
        this.rules = rules;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Page<InhibitRule>> list() {
        return rules.<InhibitRule>list(RuleKind.INHIBIT_RULE).map(all -> new Page<>(all, null));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<InhibitRule> get(@PathParam("id") String id) {
        UUID ruleId = Ids.parse(id);
        return rules.<InhibitRule>get(RuleKind.INHIBIT_RULE, ruleId).map(r -> Ids.found(r, "inhibit rule " + ruleId));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(JsonNode json, @Context SecurityContext security, @Context UriInfo uri) {
        InhibitRule body = Bodies.read(json, InhibitRule.class);
        String actor = Actor.of(security).name();
        return rules.save(RuleKind.INHIBIT_RULE, validate(body, UUID.randomUUID(), actor), actor)
                .map(saved -> Response.created(uri.getAbsolutePathBuilder().path(saved.id().toString()).build())
                        .entity(saved).build());
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<InhibitRule> replace(@PathParam("id") String id, JsonNode json, @Context SecurityContext security) {
        InhibitRule body = Bodies.read(json, InhibitRule.class);
        UUID ruleId = Ids.parse(id);
        String actor = Actor.of(security).name();
        return rules.<InhibitRule>get(RuleKind.INHIBIT_RULE, ruleId).chain(existing -> {
            Ids.found(existing, "inhibit rule " + ruleId);
            return rules.save(RuleKind.INHIBIT_RULE, validate(body, ruleId, existing.createdBy()), actor);
        });
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") String id) {
        UUID ruleId = Ids.parse(id);
        return rules.delete(RuleKind.INHIBIT_RULE, ruleId).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("inhibit rule " + ruleId);
            }
            return Response.noContent().build();
        });
    }

    private static InhibitRule validate(InhibitRule in, UUID id, String createdBy) {
        if (in == null) {
            throw ProblemException.badRequest("body", "an inhibit rule is required");
        }
        Errors errors = new Errors();
        if (in.sourceMatchers().isEmpty()) {
            errors.add("sourceMatchers", "at least one matcher is required: which alerts inhibit");
        }
        if (in.targetMatchers().isEmpty()) {
            errors.add("targetMatchers", "at least one matcher is required: which alerts are inhibited");
        }
        for (int i = 0; i < in.equal().size(); i++) {
            if (in.equal().get(i) == null || in.equal().get(i).isBlank()) {
                errors.add("equal[" + i + "]", "must be a label name");
            }
        }
        errors.throwIfAny();
        return new InhibitRule(id, in.name(), in.sourceMatchers(), in.targetMatchers(), in.equal(), createdBy, Instant.now());
    }
}
