package io.tandem.ingest.pipeline;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.model.json.IsoInstants;
import io.tandem.model.json.Json;
import io.tandem.model.signal.AssetRef;
import io.tandem.model.signal.AttackRef;
import io.tandem.model.signal.Observable;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.VulnerabilityRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Signals as JSON, byte for byte what {@link Json#write} writes (SignalJsonTest holds them equal for every format's
 * signals and for a signal with every field set), written field by field on the generator. The Kafka path writes
 * thousands a second, and in the running service Jackson's generic bean, map and list serializers run through call
 * sites that every type of the application shares (map iterators, accessors, element serializers), which made
 * writing a signal about a seventh of ingest's CPU; a loop over one known shape avoids them.
 */
final class SignalJson {

    private static final JsonFactory FACTORY = Json.mapper().getFactory();

    static byte[] write(Signal signal) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(2048)) {
            try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                write(signal, json);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize a signal", e);
        }
    }

    private static void write(Signal s, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", s.id().toString());
        json.writeObjectFieldStart("source");
        json.writeStringField("format", s.source().format());
        optional(json, "instance", s.source().instance());
        json.writeEndObject();
        optional(json, "sourceEventId", s.sourceEventId());
        json.writeStringField("fingerprint", s.fingerprint());
        json.writeStringField("kind", s.kind().wire());
        optional(json, "category", s.category());
        json.writeStringField("title", s.title());
        optional(json, "description", s.description());
        json.writeObjectFieldStart("severity");
        json.writeNumberField("id", s.severity().id());
        optional(json, "name", s.severity().name());
        json.writeEndObject();
        json.writeStringField("status", s.status().wire());
        instant(json, "observedAt", s.observedAt());
        instant(json, "ingestedAt", s.ingestedAt());
        asset(json, s.asset());
        labels(json, s.labels());
        observables(json, s.observables());
        attack(json, s.attack());
        vulnerability(json, s.vulnerability());
        optional(json, "rawRef", s.rawRef());
        if (s.raw() != null) {
            json.writeFieldName("raw");
            Json.mapper().writeTree(json, s.raw());
        }
        json.writeEndObject();
    }

    private static void asset(JsonGenerator json, AssetRef asset) throws IOException {
        json.writeObjectFieldStart("asset");
        optional(json, "hostname", asset.hostname());
        optional(json, "ip", asset.ip());
        optional(json, "cloudResourceId", asset.cloudResourceId());
        optional(json, "service", asset.service());
        optional(json, "environment", asset.environment());
        json.writeEndObject();
    }

    private static void labels(JsonGenerator json, Map<String, String> labels) throws IOException {
        json.writeObjectFieldStart("labels");
        try {
            // forEach, not an entry iterator: on the unmodifiable sorted map a signal holds it is one plain loop.
            labels.forEach((key, value) -> {
                try {
                    json.writeStringField(key, value);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        json.writeEndObject();
    }

    private static void observables(JsonGenerator json, List<Observable> observables) throws IOException {
        json.writeArrayFieldStart("observables");
        for (int i = 0; i < observables.size(); i++) {
            Observable observable = observables.get(i);
            json.writeStartObject();
            json.writeStringField("type", observable.type().wire());
            json.writeStringField("value", observable.value());
            optional(json, "name", observable.name());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void attack(JsonGenerator json, List<AttackRef> attack) throws IOException {
        json.writeArrayFieldStart("attack");
        for (int i = 0; i < attack.size(); i++) {
            AttackRef ref = attack.get(i);
            json.writeStartObject();
            optional(json, "tacticId", ref.tacticId());
            optional(json, "tactic", ref.tactic());
            optional(json, "techniqueId", ref.techniqueId());
            optional(json, "technique", ref.technique());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void vulnerability(JsonGenerator json, VulnerabilityRef vulnerability) throws IOException {
        if (vulnerability == null) {
            return;
        }
        json.writeObjectFieldStart("vulnerability");
        json.writeArrayFieldStart("cves");
        for (int i = 0; i < vulnerability.cves().size(); i++) {
            json.writeString(vulnerability.cves().get(i));
        }
        json.writeEndArray();
        if (vulnerability.cvssScore() != null) {
            json.writeNumberField("cvssScore", vulnerability.cvssScore());
        }
        optional(json, "cvssVector", vulnerability.cvssVector());
        json.writeEndObject();
    }

    private static void instant(JsonGenerator json, String field, Instant value) throws IOException {
        json.writeStringField(field, IsoInstants.format(value));
    }

    private static void optional(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    private SignalJson() {
    }
}
