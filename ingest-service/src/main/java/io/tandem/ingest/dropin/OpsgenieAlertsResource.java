package io.tandem.ingest.dropin;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.http.Senders;
import io.tandem.ingest.pipeline.IngestService;
import io.tandem.service.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Map;
import java.util.UUID;

/**
 * The Opsgenie Alert API's create call, {@code POST /v2/alerts} with {@code Authorization: GenieKey <integration key>},
 * answering like Opsgenie: 202 {@code {result, took, requestId}}, 422 {@code {message, took, requestId}}.
 */
@Path("/v2/alerts")
public class OpsgenieAlertsResource {

    private static final String FORMAT = "opsgenie";

    private final IngestService ingest;
    private final SecurityIdentity identity;

    public OpsgenieAlertsResource(IngestService ingest, SecurityIdentity identity) {
        this.ingest = ingest;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({Roles.INGEST, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Opsgenie Alert API: create alert")
    public Uni<Response> create(byte[] body) {
        long started = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        try {
            return ingest.ingest(FORMAT, body, Senders.of(identity)).map(signals -> Response.accepted(Map.of(
                    "result", "Request will be processed", "took", took(started), "requestId", requestId)).build());
        } catch (ParseException e) {
            return Uni.createFrom().item(Response.status(422).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("message", e.getMessage(), "took", took(started), "requestId", requestId)).build());
        }
    }

    private static double took(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
