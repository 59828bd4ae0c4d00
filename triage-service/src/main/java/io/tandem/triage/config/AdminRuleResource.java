package io.tandem.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.ProblemException;
import io.tandem.triage.rules.Rule;
import io.tandem.triage.rules.RuleKind;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.UUID;

/**
 * CRUD for a rule kind that admins write and everyone with a person's role reads (inhibit rules, routes,
 * correlation rules): the body is validated by the subclass, stored and published to {@code triage.config}. The
 * subclasses declare the HTTP methods themselves (with their roles), because OpenAPI does not see annotations on
 * inherited generic methods, and the API security check walks OpenAPI.
 */
public abstract class AdminRuleResource<T extends Rule> {

    protected final RuleStore rules;
    private final RuleKind kind;
    private final Class<T> type;

    @SuppressWarnings("unchecked")
    protected AdminRuleResource(RuleStore rules, RuleKind kind) {
        this.rules = rules;
        this.kind = kind;
        this.type = (Class<T>) kind.type();
    }

    /** The rule to store, with its id and creator, or a 400 naming what is wrong. */
    protected abstract Uni<T> checked(T in, UUID id, String createdBy);

    /** The order of the list answer; stored order (by id) unless a kind has a better one. */
    protected List<T> ordered(List<T> all) {
        return all;
    }

    /** A chance to refuse a delete (409) before it happens. */
    protected Uni<Void> beforeDelete(UUID id) {
        return Uni.createFrom().voidItem();
    }

    protected Uni<Page<T>> listAll() {
        return rules.<T>list(kind).map(all -> new Page<>(ordered(all), null));
    }

    protected Uni<T> getOne(String id) {
        UUID ruleId = Ids.parse(id);
        return rules.<T>get(kind, ruleId).map(r -> Ids.found(r, kind.wire() + " " + ruleId));
    }

    protected Uni<Response> createOne(JsonNode json, SecurityContext security, UriInfo uri) {
        T body = Bodies.read(json, type);
        String actor = Actor.of(security).name();
        return checked(body, UUID.randomUUID(), actor)
                .chain(rule -> rules.save(kind, rule, actor))
                .map(saved -> Response.created(uri.getAbsolutePathBuilder().path(saved.id().toString()).build())
                        .entity(saved).build());
    }

    protected Uni<T> replaceOne(String id, JsonNode json, SecurityContext security) {
        T body = Bodies.read(json, type);
        UUID ruleId = Ids.parse(id);
        String actor = Actor.of(security).name();
        return rules.<T>get(kind, ruleId).chain(existing -> {
            Ids.found(existing, kind.wire() + " " + ruleId);
            return checked(body, ruleId, existing.createdBy()).chain(rule -> rules.save(kind, rule, actor));
        });
    }

    protected Uni<Response> deleteOne(String id) {
        UUID ruleId = Ids.parse(id);
        return beforeDelete(ruleId).chain(() -> rules.delete(kind, ruleId)).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound(kind.wire() + " " + ruleId);
            }
            return Response.noContent().build();
        });
    }
}
