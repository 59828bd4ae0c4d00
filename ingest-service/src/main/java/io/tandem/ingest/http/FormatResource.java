package io.tandem.ingest.http;

import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.pipeline.FormatRegistry;
import io.tandem.service.Roles;
import io.tandem.service.paging.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** {@code GET /api/v1/formats}: what senders can post, each with an example payload. */
@Path("/api/v1/formats")
public class FormatResource {

    /** One format as listed. */
    public record Format(String id, String description, String example) {
    }


    private final FormatRegistry formats;

    public FormatResource(FormatRegistry formats) {
        this.formats = formats;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Page<Format> list() {
        List<Format> items = formats.all().stream().map(FormatResource::describe).toList();
        return new Page<>(items, null);
    }

    private static Format describe(FormatParser parser) {
        return new Format(parser.id(), parser.description(), parser.example());
    }
}
