package io.tandem.ingest.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.custom.FormatMapping;
import io.tandem.ingest.format.custom.MappedFormatParser;
import io.tandem.ingest.pipeline.FormatRegistry;
import io.tandem.service.Roles;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/**
 * {@code /api/v1/formats}: what senders can post, each with an example payload; admins register user-defined formats
 * (declared mappings, validated against their own example) that are accepted at {@code /api/v1/signals/{id}} at once.
 */
@Path("/api/v1/formats")
@Produces(MediaType.APPLICATION_JSON)
public class FormatResource {

    /** One format as listed: {@code mapping} is shown for declared formats (user-defined ones and {@code generic}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Format(String id, String description, String example, boolean builtin, FormatMapping mapping) {
    }

    private final FormatRegistry formats;
    private final SecurityIdentity identity;

    public FormatResource(FormatRegistry formats, SecurityIdentity identity) {
        this.formats = formats;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Page<Format> list() {
        List<Format> items = formats.all().stream().map(this::describe).toList();
        return new Page<>(items, null);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Format get(@PathParam("id") String id) {
        return formats.find(id).map(this::describe).orElseThrow(() -> ProblemException.notFound("format " + id));
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a user-defined format",
            description = "A declared mapping, validated against its example; 400 names each field that does not fit.")
    public Uni<Response> register(JsonNode body, UriInfo uri) {
        return formats.register(read(body), actor(), false)
                .map(parser -> Response.created(uri.getAbsolutePathBuilder().path(parser.id()).build())
                        .entity(describe(parser)).build());
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a user-defined format's mapping")
    public Uni<Format> replace(@PathParam("id") String id, JsonNode body) {
        FormatMapping mapping = read(body);
        if (!id.equals(mapping.id())) {
            throw ProblemException.badRequest("id", "must be the format id of the path, '" + id + "'");
        }
        return formats.register(mapping, actor(), true).map(this::describe);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a user-defined format; its payloads are refused from then on")
    public Uni<Response> delete(@PathParam("id") String id) {
        return formats.delete(id).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("format " + id);
            }
            return Response.noContent().build();
        });
    }

    private static FormatMapping read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("body", "required: a format mapping (a JSON object)");
        }
        return FormatMapping.fromJson(body);
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private Format describe(FormatParser parser) {
        FormatMapping mapping = parser instanceof MappedFormatParser mapped ? mapped.mapping() : null;
        return new Format(parser.id(), parser.description(), parser.example(), formats.builtin(parser.id()), mapping);
    }
}
