package io.tandem.ingest.dropin;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.key.IntegrationKey;
import io.tandem.ingest.key.IntegrationKeyStore;
import io.tandem.ingest.pipeline.IngestService;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Signal;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PagerDuty Events API v2 {@code POST /v2/enqueue}. As with PagerDuty, the sender authenticates with the
 * {@code routing_key} in the body (here: an integration key), and answers look like PagerDuty's: 202
 * {@code {status, message, dedup_key}}, or 400 {@code {status: "invalid event", message, errors}}.
 */
@Path("/v2/enqueue")
public class PagerDutyEventsResource {

    private static final String FORMAT = "pagerduty";

    private final IngestService ingest;
    private final IntegrationKeyStore keys;

    public PagerDutyEventsResource(IngestService ingest, IntegrationKeyStore keys) {
        this.ingest = ingest;
        this.keys = keys;
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "PagerDuty Events API v2: enqueue an event; routing_key must be a Tandem integration key")
    @Extension(name = "x-tandem-auth", value = "routing-key")
    public Uni<Response> enqueue(byte[] body) {
        JsonNode event;
        try {
            event = Json.mapper().readTree(body);
        } catch (IOException e) {
            return Uni.createFrom().item(invalid("Event object is invalid", "body is not valid JSON"));
        }
        Optional<IntegrationKey> key = event == null ? Optional.empty() : keys.authenticate(event.path("routing_key").asText(null));
        if (key.isEmpty()) {
            return Uni.createFrom().item(invalid("Event object is invalid", "Invalid routing key"));
        }
        try {
            return ingest.ingest(FORMAT, body, key.get().source()).map(signals -> Response.accepted(Map.of(
                    "status", "success",
                    "message", "Event processed",
                    "dedup_key", dedupKey(signals.get(0)))).build());
        } catch (ParseException e) {
            return Uni.createFrom().item(invalid("Event object is invalid", e.getMessage()));
        }
    }

    /** PagerDuty answers with the event's dedup key, its own or the one derived when the sender gave none. */
    private static String dedupKey(Signal signal) {
        return signal.fingerprint().substring(FORMAT.length() + 1);
    }

    private static Response invalid(String message, String error) {
        return Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("status", "invalid event", "message", message, "errors", List.of(error))).build();
    }
}
