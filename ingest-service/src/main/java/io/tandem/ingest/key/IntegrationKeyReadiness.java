package io.tandem.ingest.key;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the integration keys are loaded: before that, a valid key would be refused. */
@Readiness
@ApplicationScoped
public class IntegrationKeyReadiness implements HealthCheck {

    private final IntegrationKeyStore store;

    public IntegrationKeyReadiness(IntegrationKeyStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("integration keys loaded from ingest.config").status(store.ready()).build();
    }
}
