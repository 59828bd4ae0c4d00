package io.tandem.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.service.Roles;
import io.tandem.service.paging.Page;
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

/** {@code /api/v1/inhibit-rules}: Alertmanager inhibition rules. */
@Path("/api/v1/inhibit-rules")
@Produces(MediaType.APPLICATION_JSON)
public class InhibitRuleResource extends AdminRuleResource<InhibitRule> {

    public InhibitRuleResource(RuleStore rules) {
        super(rules, RuleKind.INHIBIT_RULE);
    }

    @Override
    protected Uni<InhibitRule> checked(InhibitRule in, UUID id, String createdBy) {
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
        return Uni.createFrom().item(new InhibitRule(id, in.name(), in.sourceMatchers(), in.targetMatchers(), in.equal(),
                createdBy, Instant.now()));
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Page<InhibitRule>> list() {
        return listAll();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<InhibitRule> get(@PathParam("id") String id) {
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
    public Uni<InhibitRule> replace(@PathParam("id") String id, JsonNode json, @Context SecurityContext security) {
        return replaceOne(id, json, security);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") String id) {
        return deleteOne(id);
    }
}
