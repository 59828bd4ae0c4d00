package io.tandem.ingest.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Ingest's Prometheus metrics. The {@code format} label only takes known format ids (anything else is
 * {@code unknown}), so a sender cannot blow up label cardinality.
 */
@ApplicationScoped
public class IngestMetrics {

    /** Outcome label values of {@code tandem_ingest_signals_total}. */
    public enum Outcome {
        ACCEPTED, REJECTED, DEAD_LETTERED
    }

    private final MeterRegistry registry;
    private final FormatRegistry formats;
    /**
     * By format: every payload is timed and counted, and looking a meter up (builder, tags, registry) costs more than
     * recording into it. Keyed by the label, so unknown formats share one entry.
     */
    private final Map<String, Timer> parseTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> signalCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> dlqCounters = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry, FormatRegistry formats) {
        this.registry = registry;
        this.formats = formats;
    }

    /** Counts payload outcomes; accepted payloads count their signals. */
    public void signals(String format, Outcome outcome, int count) {
        String label = label(format);
        signalCounters.computeIfAbsent(label + '\u0000' + outcome.name(), key -> Counter.builder("tandem_ingest_signals_total")
                .description("Signals accepted, and payloads rejected or dead-lettered, by format")
                .tag("format", label).tag("outcome", outcome.name().toLowerCase())
                .register(registry)).increment(count);
    }

    public void parsed(String format, long nanos) {
        // Every payload passes here: a known format finds its timer in one lookup, without resolving its label.
        Timer timer = parseTimers.get(format);
        if (timer == null) {
            timer = parseTimers.computeIfAbsent(label(format), label -> Timer.builder("tandem_ingest_parse_seconds")
                    .description("Time to parse one payload into signals")
                    .tag("format", label)
                    .publishPercentileHistogram()
                    .register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void deadLettered(String reason, int records) {
        dlqCounters.computeIfAbsent(reason, key -> Counter.builder("tandem_ingest_dlq_total")
                .description("Records sent to signals.dlq, by reason")
                .tag("reason", reason)
                .register(registry)).increment(records);
    }

    private String label(String format) {
        return formats.find(format).isPresent() ? format : "unknown";
    }
}
