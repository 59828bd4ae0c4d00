package io.tandem.ingest.dropin;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tandem.ingest.format.alertmanager.AlertmanagerParser;
import io.tandem.ingest.http.Senders;
import io.tandem.ingest.pipeline.IngestService;
import io.tandem.service.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The Alertmanager v2 API's {@code POST /api/v2/alerts}, so Prometheus can use Tandem as its Alertmanager
 * ({@code alerting.alertmanagers} with an {@code authorization} bearer: an ingest token or an integration key).
 */
@Path("/api/v2/alerts")
public class AlertmanagerApiResource {

    private final IngestService ingest;
    private final SecurityIdentity identity;

    public AlertmanagerApiResource(IngestService ingest, SecurityIdentity identity) {
        this.ingest = ingest;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({Roles.INGEST, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Alertmanager API v2: post alerts", description = "Answers 200 once the alerts are on Kafka.")
    public Uni<Response> postAlerts(byte[] body) {
        return ingest.ingest(AlertmanagerParser.ID, body, Senders.of(identity)).map(signals -> Response.ok().build());
    }
}
