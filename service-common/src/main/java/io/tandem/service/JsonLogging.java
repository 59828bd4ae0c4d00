package io.tandem.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * One JSON object per log line in prod ({@code tandem.log.json=true}) with the MDC (trace and span ids) and the
 * exception as fields, so log shippers need no parsing rules. Installed by the first startup observer: the few lines
 * Quarkus prints before it stay in the text format. (quarkus-logging-json does not resolve from our registry, and
 * JBoss LogManager's own JsonFormatter needs jakarta.json on the boot class path; see docs/adr/0002.)
 */
@Singleton
public class JsonLogging {

    private final boolean enabled;

    public JsonLogging(@ConfigProperty(name = "tandem.log.json", defaultValue = "false") boolean enabled) {
        this.enabled = enabled;
    }

    void install(@Observes @Priority(1) StartupEvent event) {
        if (enabled) {
            Formatter formatter = new Formatter();
            for (Handler handler : Logger.getLogger("").getHandlers()) {
                apply(handler, formatter);
            }
        }
    }

    private static void apply(Handler handler, Formatter formatter) {
        handler.setFormatter(formatter);
        if (handler instanceof ExtHandler ext) {
            for (Handler nested : ext.getHandlers()) {
                apply(nested, formatter);
            }
        }
    }

    /** Writes a record as {@code {"timestamp","level","logger","thread","message","mdc",...,"exception"}}. */
    static final class Formatter extends ExtFormatter {

        private static final JsonFactory JSON = new JsonFactory();

        @Override
        public String format(ExtLogRecord record) {
            StringWriter out = new StringWriter(256);
            try (JsonGenerator json = JSON.createGenerator(out)) {
                json.writeStartObject();
                json.writeStringField("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
                json.writeStringField("level", record.getLevel().getName());
                json.writeStringField("logger", record.getLoggerName());
                json.writeStringField("thread", record.getThreadName());
                json.writeStringField("message", formatMessage(record));
                for (Map.Entry<String, String> entry : record.getMdcCopy().entrySet()) {
                    json.writeStringField(entry.getKey(), entry.getValue());
                }
                if (record.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    json.writeStringField("exception", trace.toString());
                }
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.append('\n').toString();
        }
    }
}
