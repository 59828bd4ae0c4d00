package io.tandem.service;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * Tracing is exported only where a collector is configured. Quarkus fixes the exporter type at build time, so one
 * build serves both cases: with {@code OTEL_EXPORTER_OTLP_ENDPOINT} set, spans go there over OTLP; without it the
 * SDK is disabled at runtime instead of retrying a collector that is not there.
 */
public class OtelConfigSource implements ConfigSource {

    /** Below application.properties (250) and the environment (300): an explicit setting wins. */
    private static final int ORDINAL = 200;

    private final Map<String, String> properties;

    public OtelConfigSource() {
        this(System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT"));
    }

    OtelConfigSource(String endpoint) {
        this.properties = endpoint == null || endpoint.isBlank()
                ? Map.of("quarkus.otel.sdk.disabled", "true")
                : Map.of("quarkus.otel.exporter.otlp.traces.endpoint", endpoint);
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "tandem-otel";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
