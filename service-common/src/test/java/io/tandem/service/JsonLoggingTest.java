package io.tandem.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.MDC;
import org.junit.jupiter.api.Test;

import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLoggingTest {

    @Test
    void shouldWriteOneJsonObjectPerLineWithMdcAndException() throws Exception {
        MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        try {
            ExtLogRecord record = new ExtLogRecord(Level.WARNING, "parse failed for \"%s\"", ExtLogRecord.FormatStyle.PRINTF,
                    JsonLoggingTest.class.getName());
            record.setParameters(new Object[]{"a\nb"});
            record.setLoggerName("io.tandem.ingest");
            record.setThrown(new IllegalStateException("boom"));

            String line = new JsonLogging.Formatter().format(record);

            assertThat(line).endsWith("\n").doesNotContain("\n{");
            JsonNode json = new ObjectMapper().readTree(line);
            assertThat(json.get("level").asText()).isEqualTo("WARNING");
            assertThat(json.get("logger").asText()).isEqualTo("io.tandem.ingest");
            assertThat(json.get("message").asText()).isEqualTo("parse failed for \"a\nb\"");
            assertThat(json.get("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(json.get("exception").asText()).contains("IllegalStateException: boom");
        } finally {
            MDC.remove("traceId");
        }
    }

    @Test
    void shouldDisableTracingUnlessAnOtlpEndpointIsSet() {
        assertThat(new OtelConfigSource(null).getValue("quarkus.otel.sdk.disabled")).isEqualTo("true");
        OtelConfigSource configured = new OtelConfigSource("http://collector:4317");
        assertThat(configured.getValue("quarkus.otel.sdk.disabled")).isNull();
        assertThat(configured.getValue("quarkus.otel.exporter.otlp.traces.endpoint")).isEqualTo("http://collector:4317");
    }
}
