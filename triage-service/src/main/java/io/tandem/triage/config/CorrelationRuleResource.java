package io.tandem.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.service.Roles;
import io.tandem.service.paging.Page;
import io.tandem.triage.rules.CorrelationRule;
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

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code /api/v1/correlation-rules}: group alerts by what they share, across assets (see {@link CorrelationRule}).
 * The default rule, asset + kind, applies to signals no rule groups.
 */
@Path("/api/v1/correlation-rules")
@Produces(MediaType.APPLICATION_JSON)
public class CorrelationRuleResource extends AdminRuleResource<CorrelationRule> {

    private static final Duration MAX_WINDOW = Duration.ofDays(7);
    private static final List<String> OBSERVABLE_TYPES = List.of("ip", "domain", "url", "user", "email", "file-hash",
            "file", "process", "mac", "other");

    public CorrelationRuleResource(RuleStore rules) {
        super(rules, RuleKind.CORRELATION_RULE);
    }

    @Override
    protected List<CorrelationRule> ordered(List<CorrelationRule> all) {
        return all.stream().sorted(Comparator.comparingInt(CorrelationRule::position).thenComparing(CorrelationRule::id)).toList();
    }

    @Override
    protected Uni<CorrelationRule> checked(CorrelationRule in, UUID id, String createdBy) {
        Errors errors = new Errors();
        if (in.groupBy().isEmpty()) {
            errors.add("groupBy", "at least one key is required (a label, signal.*, asset.* or observable:<type>)");
        }
        for (int i = 0; i < in.groupBy().size(); i++) {
            String key = in.groupBy().get(i);
            if (key == null || key.isBlank()) {
                errors.add("groupBy[" + i + "]", "must not be empty");
            } else if (key.startsWith("observable:")) {
                String type = key.substring("observable:".length()).split("@", 2)[0].toLowerCase(Locale.ROOT);
                if (!OBSERVABLE_TYPES.contains(type)) {
                    errors.add("groupBy[" + i + "]", "unknown observable type '" + type + "', one of " + OBSERVABLE_TYPES);
                }
            }
        }
        if (in.window() == null || in.window().isNegative() || in.window().isZero()) {
            errors.add("window", "is required and must be positive (e.g. PT30M)");
        } else if (in.window().compareTo(MAX_WINDOW) > 0) {
            errors.add("window", "must be at most " + MAX_WINDOW);
        }
        errors.throwIfAny();
        return Uni.createFrom().item(new CorrelationRule(id, in.name(), in.position(), in.matchers(), in.groupBy(),
                in.window(), createdBy, Instant.now()));
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Page<CorrelationRule>> list() {
        return listAll();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<CorrelationRule> get(@PathParam("id") String id) {
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
    public Uni<CorrelationRule> replace(@PathParam("id") String id, JsonNode json, @Context SecurityContext security) {
        return replaceOne(id, json, security);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") String id) {
        return deleteOne(id);
    }
}
