package io.tandem.ingest.format.custom;

import io.tandem.model.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The {@code generic} format: a shipped {@link FormatMapping} ({@code generic.json} next to this class, the same
 * document an admin would post) that reads any simple JSON alert by common field names. It is the documented default
 * and the starting point for a mapping of one's own.
 */
public final class GenericFormat {

    public static final String ID = "generic";
    private static final MappedFormatParser PARSER = load();

    /** The generic parser, checked against its own example like any registered format. */
    public static MappedFormatParser parser() {
        return PARSER;
    }

    private static MappedFormatParser load() {
        try (InputStream in = GenericFormat.class.getResourceAsStream("generic.json")) {
            if (in == null) {
                throw new IllegalStateException("generic.json is missing from the ingest-service jar");
            }
            return MappedFormatParser.validated(FormatMapping.fromJson(Json.mapper().readTree(in)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the generic format mapping", e);
        }
    }

    private GenericFormat() {
    }
}
