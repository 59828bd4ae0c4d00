package io.tandem.ingest.pipeline;

import io.tandem.ingest.format.BuiltinFormats;
import io.tandem.ingest.format.FormatParser;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The formats ingest understands, by id: the built-in parsers and those registered at runtime. */
@ApplicationScoped
public class FormatRegistry {

    private final Map<String, FormatParser> parsers = new ConcurrentHashMap<>();

    public FormatRegistry() {
        for (FormatParser parser : BuiltinFormats.all()) {
            parsers.put(parser.id(), parser);
        }
    }

    public Optional<FormatParser> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(parsers.get(id));
    }

    /** All formats, sorted by id. */
    public Collection<FormatParser> all() {
        return new TreeMap<>(parsers).values();
    }
}
