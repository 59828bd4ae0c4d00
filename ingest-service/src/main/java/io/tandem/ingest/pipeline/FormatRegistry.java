package io.tandem.ingest.pipeline;

import io.smallrye.mutiny.Uni;
import io.tandem.ingest.config.ConfigTopic;
import io.tandem.ingest.format.BuiltinFormats;
import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.custom.FormatMapping;
import io.tandem.ingest.format.custom.GenericFormat;
import io.tandem.ingest.format.custom.MappedFormatParser;
import io.tandem.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The formats ingest understands, by id: the shipped ones (the built-in parsers and the {@code generic} mapping) and
 * the user-defined ones, which live on {@code ingest.config} (section {@code format}) so that every instance knows a
 * format as soon as it is registered, and still knows it after a restart. Lookups happen per payload, so a new
 * format is usable the moment its registration is answered.
 */
@ApplicationScoped
public class FormatRegistry implements ConfigTopic.Section<FormatMapping> {

    private static final Logger LOG = Logger.getLogger(FormatRegistry.class);

    private final ConfigTopic config;
    private final Map<String, FormatParser> shipped;
    private final Map<String, MappedFormatParser> defined = new ConcurrentHashMap<>();

    public FormatRegistry(ConfigTopic config) {
        this.config = config;
        Map<String, FormatParser> parsers = new LinkedHashMap<>(BuiltinFormats.byId());
        parsers.put(GenericFormat.ID, GenericFormat.parser());
        this.shipped = Collections.unmodifiableMap(parsers);
    }

    public Optional<FormatParser> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        FormatParser parser = shipped.get(id);
        return Optional.ofNullable(parser != null ? parser : defined.get(id));
    }

    /** All formats, sorted by id. */
    public Collection<FormatParser> all() {
        Map<String, FormatParser> all = new TreeMap<>(defined);
        all.putAll(shipped);
        return all.values();
    }

    /** Whether the format ships with Tandem (and so can be neither replaced nor deleted). */
    public boolean builtin(String id) {
        return shipped.containsKey(id);
    }

    /**
     * Registers a user-defined format, or replaces one when {@code replace}; the answer comes once this instance
     * accepts payloads of it. A mapping that does not fit its example is a 400 naming the field; a built-in id, or
     * an existing one when not replacing, is a 409; replacing a format that does not exist is a 404.
     */
    public Uni<MappedFormatParser> register(FormatMapping mapping, String actor, boolean replace) {
        if (mapping.id() != null && builtin(mapping.id())) {
            throw ProblemException.conflict("builtin", "format '" + mapping.id() + "' ships with Tandem; choose another id");
        }
        MappedFormatParser parser = MappedFormatParser.validated(mapping.registered(actor, Instant.now()));
        boolean exists = defined.containsKey(parser.id());
        if (exists && !replace) {
            throw ProblemException.conflict("registered", "format '" + parser.id()
                    + "' already exists; PUT /api/v1/formats/" + parser.id() + " replaces it");
        }
        if (!exists && replace) {
            throw ProblemException.notFound("format " + parser.id());
        }
        return config.put(this, parser.id(), parser.mapping()).replaceWith(parser);
    }

    /** Deletes a user-defined format; false when there is none of that id. Built-in formats are a 409. */
    public Uni<Boolean> delete(String id) {
        if (builtin(id)) {
            throw ProblemException.conflict("builtin", "format '" + id + "' ships with Tandem and cannot be deleted");
        }
        if (!defined.containsKey(id)) {
            return Uni.createFrom().item(false);
        }
        return config.delete(this, id).replaceWith(true);
    }

    @Override
    public String prefix() {
        return "format";
    }

    @Override
    public Class<FormatMapping> type() {
        return FormatMapping.class;
    }

    @Override
    public void applied(String id, FormatMapping mapping) {
        if (mapping == null) {
            defined.remove(id);
            return;
        }
        if (builtin(id)) {
            LOG.warnf("ignoring user-defined format '%s' on ingest.config: a shipped format has that id", id);
            return;
        }
        try {
            defined.put(id, MappedFormatParser.compile(mapping));
        } catch (ProblemException e) {
            // Accepted once, refused now: written by another version, or by hand. The others still load.
            LOG.warnf("ignoring user-defined format '%s' on ingest.config: %s", id, e.getMessage());
        }
    }
}
