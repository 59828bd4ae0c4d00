package io.tandem.ingest.pipeline;

import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import io.tandem.ingest.format.ParseException;
import io.tandem.model.signal.Signal;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;

/** Parses one native payload of a named format into signals, timing it; shared by the HTTP and Kafka paths. */
@ApplicationScoped
public class Normalizer {

    private final FormatRegistry formats;
    private final IngestMetrics metrics;
    private final Clock clock;

    public Normalizer(FormatRegistry formats, IngestMetrics metrics) {
        this.formats = formats;
        this.metrics = metrics;
        this.clock = Clock.systemUTC();
    }

    /**
     * The signals of {@code payload}; an unknown format or a payload that does not fit it is a
     * {@link ParseException} saying what and where.
     */
    public List<Signal> normalize(String format, byte[] payload, String instance, String rawRef) {
        FormatParser parser = formats.find(format).orElseThrow(() -> new ParseException(
                "unknown format '" + format + "'; GET /api/v1/formats lists the known ones", "format", null));
        long started = System.nanoTime();
        try {
            return parser.parse(payload, new ParseContext(instance, clock.instant(), rawRef));
        } finally {
            metrics.parsed(format, System.nanoTime() - started);
        }
    }
}
