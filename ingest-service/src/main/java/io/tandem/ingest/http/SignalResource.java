package io.tandem.ingest.http;

import io.smallrye.mutiny.Uni;
import io.tandem.ingest.pipeline.IngestMetrics;
import io.tandem.ingest.pipeline.Normalizer;
import io.tandem.ingest.pipeline.SignalPublisher;
import io.tandem.model.signal.Signal;
import io.tandem.service.Roles;
import io.tandem.service.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.UUID;

/** {@code POST /api/v1/signals/{format}}: a native payload in, its canonical signals on Kafka, then 202. */
@Path("/api/v1/signals")
public class SignalResource {

    /** Response body of an accepted payload. */
    public record Accepted(int accepted, List<UUID> signalIds) {
    }

    private final Normalizer normalizer;
    private final SignalPublisher publisher;
    private final IngestMetrics metrics;
    private final JsonWebToken token;
    private final int maxPayloadBytes;

    public SignalResource(Normalizer normalizer, SignalPublisher publisher, IngestMetrics metrics, JsonWebToken token,
                          @ConfigProperty(name = "tandem.ingest.max-payload-bytes") int maxPayloadBytes) {
        this.normalizer = normalizer;
        this.publisher = publisher;
        this.metrics = metrics;
        this.token = token;
        this.maxPayloadBytes = maxPayloadBytes;
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
        if (payload.length > maxPayloadBytes) {
            throw new ProblemException(413, "Payload Too Large", "payload of " + payload.length
                    + " bytes is over the limit of " + maxPayloadBytes + " bytes", List.of());
        }
        List<Signal> signals;
        try {
            signals = normalizer.normalize(format, payload, sender(), "http:" + UUID.randomUUID());
        } catch (RuntimeException e) {
            metrics.signals(format, IngestMetrics.Outcome.REJECTED, 1);
            throw e;
        }
        List<UUID> ids = signals.stream().map(Signal::id).toList();
        return publisher.publish(signals)
                .invoke(() -> metrics.signals(format, IngestMetrics.Outcome.ACCEPTED, signals.size()))
                .replaceWith(() -> Response.accepted(new Accepted(ids.size(), ids)).build());
    }

    /** The source an ingest token names, else the token's subject (an admin pushing by hand). */
    private String sender() {
        Object source = token.getClaim("source");
        return source != null ? source.toString() : token.getName();
    }
}
