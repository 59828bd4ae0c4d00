package io.tandem.ingest.format;

import io.tandem.model.signal.Signal;

import java.util.List;

/**
 * Turns one native payload of a format into canonical signals. Implementations are stateless and thread-safe;
 * the only failure they may raise is {@link ParseException}.
 */
public interface FormatParser {

    /** The format id, as in {@code POST /api/v1/signals/{format}} and the {@code tandem-source} header. */
    String id();

    /** One line for {@code GET /api/v1/formats}. */
    String description();

    /** A small, realistic payload of this format, written from its specification. */
    String example();

    /** Every signal the payload carries (one, or several for batched formats); never empty. */
    List<Signal> parse(byte[] payload, ParseContext context);
}
