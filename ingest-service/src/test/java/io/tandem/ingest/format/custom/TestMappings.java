package io.tandem.ingest.format.custom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.model.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The user-defined format the tests register: {@code formats/acme-watch.json}, a made-up tool's mapping. */
public final class TestMappings {

    /** A fresh, mutable copy of the ACME Watch mapping (tests change fields to break it). */
    public static ObjectNode acme() {
        try (InputStream in = TestMappings.class.getResourceAsStream("/formats/acme-watch.json")) {
            return (ObjectNode) Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MappedFormatParser validated(ObjectNode mapping) {
        return MappedFormatParser.validated(FormatMapping.fromJson(mapping));
    }

    private TestMappings() {
    }
}
