package io.tandem.ingest.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until {@code ingest.config} is loaded: before that, a valid integration key or user format would be refused. */
@Readiness
@ApplicationScoped
public class ConfigTopicReadiness implements HealthCheck {

    private final ConfigTopic config;

    public ConfigTopicReadiness(ConfigTopic config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("integration keys and user-defined formats loaded from ingest.config")
                .status(config.ready()).build();
    }
}
