package io.tandem.ingest.http;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tandem.ingest.pipeline.IngestService;
import io.tandem.model.signal.Signal;
import io.tandem.service.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.UUID;

/** {@code POST /api/v1/signals/{format}}: a native payload in, its canonical signals on Kafka, then 202. */
@Path("/api/v1/signals")
public class SignalResource {

    /** Response body of an accepted payload. */
    public record Accepted(int accepted, List<UUID> signalIds) {
    }

    private final IngestService ingest;
    private final SecurityIdentity identity;

    public SignalResource(IngestService ingest, SecurityIdentity identity) {
        this.ingest = ingest;
        this.identity = identity;
    }

    @POST
    @Path("/{format}")
    @RolesAllowed({Roles.INGEST, Roles.ADMIN})
    @Consumes({MediaType.APPLICATION_JSON, "application/x-ndjson", "application/cloudevents+json",
            "application/cloudevents-batch+json", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest a native payload (single, array or NDJSON where the format has them)",
            description = "Answers 202 only after Kafka acknowledged every signal (acks=all).")
    public Uni<Response> ingest(@PathParam("format") String format, byte[] payload) {
        return ingest.ingest(format, payload, Senders.of(identity)).map(signals -> {
            List<UUID> ids = signals.stream().map(Signal::id).toList();
            return Response.accepted(new Accepted(ids.size(), ids)).build();
        });
    }
}
