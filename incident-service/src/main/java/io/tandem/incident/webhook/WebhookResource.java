package io.tandem.incident.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.incident.support.Clocks;
import io.tandem.incident.support.Params;
import io.tandem.model.Priority;
import io.tandem.model.Wire;
import io.tandem.model.incident.IncidentKind;
import io.tandem.service.Roles;
import io.tandem.service.paging.Cursors;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.Problem.FieldError;
import io.tandem.service.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
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
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** {@code /api/v1/webhooks}: admins subscribe receivers to incident events and inspect their deliveries. */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class WebhookResource {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final WebhookRepository repository;
    private final Clock clock;

    public WebhookResource(Pool pool, WebhookRepository repository, Clock clock) {
        this.pool = pool;
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * Body {@code {"name", "url", "format": "generic|slack", "secret"?, "teams"?, "priorities"?, "kinds"?}}; the
     * answer is the only one that shows the secret (generated when not given).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(JsonNode body, @Context UriInfo uri) {
        Webhook parsed = parse(body);
        Webhook webhook = parsed.secret() != null ? parsed : new Webhook(parsed.id(), parsed.name(), parsed.url(),
                newSecret(), parsed.format(), parsed.teams(), parsed.priorities(), parsed.kinds(), parsed.createdAt());
        return pool.withTransaction(db -> repository.insert(db, webhook)).map(x -> Response
                .created(uri.getAbsolutePathBuilder().path(webhook.id().toString()).build()).entity(webhook).build());
    }

    @GET
    public Uni<Page<Webhook>> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        String key = Cursors.decode(cursor);
        UUID after;
        try {
            after = key == null ? null : UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("cursor", "not a cursor returned by this API");
        }
        int size = Cursors.limit(limit);
        return pool.withConnection(db -> repository.list(db, after, size)).map(rows -> Page.of(rows, size, w -> w.id().toString()));
    }

    @GET
    @Path("{id}")
    public Uni<Webhook> get(@PathParam("id") String id) {
        UUID webhookId = Params.id(id, "webhook");
        return pool.withConnection(db -> repository.find(db, webhookId)).map(w -> Params.found(w, "webhook " + id));
    }

    /**
     * Replaces name, url, format and filters (same body as create); a {@code secret} rotates the signing key, without
     * one the current key stays. Deliveries still waiting for a retry go to the new url, signed with the new key.
     */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Webhook> replace(@PathParam("id") String id, JsonNode body) {
        UUID webhookId = Params.id(id, "webhook");
        Webhook input = parse(body);
        return pool.withTransaction(db -> repository.update(db, webhookId, input)
                        .chain(found -> found ? repository.find(db, webhookId) : Uni.createFrom().nullItem()))
                .map(w -> Params.found(w, "webhook " + id));
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        UUID webhookId = Params.id(id, "webhook");
        return pool.withTransaction(db -> repository.delete(db, webhookId)).map(deleted -> {
            Params.found(deleted ? deleted : null, "webhook " + id);
            return Response.noContent().build();
        });
    }

    /** The latest deliveries, newest first, with attempts and the last error. */
    @GET
    @Path("{id}/deliveries")
    public Uni<List<Delivery>> deliveries(@PathParam("id") String id, @QueryParam("limit") Integer limit) {
        UUID webhookId = Params.id(id, "webhook");
        int size = Cursors.limit(limit);
        return pool.withConnection(db -> repository.find(db, webhookId).chain(w -> w == null ? Uni.createFrom().nullItem()
                : repository.deliveries(db, webhookId, size))).map(d -> Params.found(d, "webhook " + id));
    }

    /** A webhook body, validated; its secret is null when the body has none. */
    private Webhook parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String name = field(errors, "name", () -> Params.requiredText(body, "name"));
        String url = field(errors, "url", () -> Params.requiredText(body, "url"));
        if (url != null) {
            try {
                URI parsed = URI.create(url);
                if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme()) || parsed.getHost() == null) {
                    errors.add(new FieldError("url", "an http(s) URL"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("url", "an http(s) URL"));
            }
        }
        Webhook.Format format = Webhook.Format.GENERIC;
        String formatText = field(errors, "format", () -> Params.text(body, "format"));
        if (formatText != null) {
            try {
                format = Wire.parse(Webhook.Format.class, formatText);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("format", "one of generic, slack"));
            }
        }
        String secret = field(errors, "secret", () -> Params.text(body, "secret"));
        List<String> teams = list(body, "teams", errors, v -> { });
        List<String> priorities = list(body, "priorities", errors, v -> Priority.valueOf(v));
        List<String> kinds = list(body, "kinds", errors, v -> Wire.parse(IncidentKind.class, v));
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "invalid webhook", errors);
        }
        return new Webhook(UUID.randomUUID(), name, url, secret, format, teams, priorities, kinds, Clocks.now(clock));
    }

    private static String newSecret() {
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static String field(List<FieldError> errors, String name, java.util.function.Supplier<String> value) {
        try {
            return value.get();
        } catch (ProblemException e) {
            errors.add(new FieldError(name, e.getMessage()));
            return null;
        }
    }

    private static List<String> list(JsonNode body, String field, List<FieldError> errors, Consumer<String> check) {
        JsonNode node = body.get(field);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            errors.add(new FieldError(field, "an array of text"));
            return values;
        }
        for (int i = 0; i < node.size(); i++) {
            try {
                check.accept(node.get(i).asText());
                values.add(node.get(i).asText());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(field + "[" + i + "]", "not allowed: '" + node.get(i).asText() + "'"));
            }
        }
        return values;
    }
}
