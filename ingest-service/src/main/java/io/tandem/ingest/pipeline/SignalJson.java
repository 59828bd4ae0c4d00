package io.tandem.ingest.pipeline;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
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
        text(json, Field.id, s.id().toString());
        json.writeFieldName(Field.source.json);
        json.writeStartObject();
        text(json, Field.format, s.source().format());
        optional(json, Field.instance, s.source().instance());
        json.writeEndObject();
        optional(json, Field.sourceEventId, s.sourceEventId());
        text(json, Field.fingerprint, s.fingerprint());
        text(json, Field.kind, s.kind().wire());
        optional(json, Field.category, s.category());
        text(json, Field.title, s.title());
        optional(json, Field.description, s.description());
        json.writeFieldName(Field.severity.json);
        json.writeStartObject();
        number(json, Field.id, s.severity().id());
        optional(json, Field.name, s.severity().name());
        json.writeEndObject();
        text(json, Field.status, s.status().wire());
        instant(json, Field.observedAt, s.observedAt());
        instant(json, Field.ingestedAt, s.ingestedAt());
        asset(json, s.asset());
        labels(json, s.labels());
        observables(json, s.observables());
        attack(json, s.attack());
        vulnerability(json, s.vulnerability());
        optional(json, Field.rawRef, s.rawRef());
        if (s.raw() != null) {
            json.writeFieldName(Field.raw.json);
            Json.mapper().writeTree(json, s.raw());
        }
        json.writeEndObject();
    }

    private static void asset(JsonGenerator json, AssetRef asset) throws IOException {
        json.writeFieldName(Field.asset.json);
        json.writeStartObject();
        optional(json, Field.hostname, asset.hostname());
        optional(json, Field.ip, asset.ip());
        optional(json, Field.cloudResourceId, asset.cloudResourceId());
        optional(json, Field.service, asset.service());
        optional(json, Field.environment, asset.environment());
        json.writeEndObject();
    }

    private static void labels(JsonGenerator json, Map<String, String> labels) throws IOException {
        json.writeFieldName(Field.labels.json);
        json.writeStartObject();
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
        json.writeFieldName(Field.observables.json);
        json.writeStartArray();
        for (int i = 0; i < observables.size(); i++) {
            Observable observable = observables.get(i);
            json.writeStartObject();
            text(json, Field.type, observable.type().wire());
            text(json, Field.value, observable.value());
            optional(json, Field.name, observable.name());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void attack(JsonGenerator json, List<AttackRef> attack) throws IOException {
        json.writeFieldName(Field.attack.json);
        json.writeStartArray();
        for (int i = 0; i < attack.size(); i++) {
            AttackRef ref = attack.get(i);
            json.writeStartObject();
            optional(json, Field.tacticId, ref.tacticId());
            optional(json, Field.tactic, ref.tactic());
            optional(json, Field.techniqueId, ref.techniqueId());
            optional(json, Field.technique, ref.technique());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void vulnerability(JsonGenerator json, VulnerabilityRef vulnerability) throws IOException {
        if (vulnerability == null) {
            return;
        }
        json.writeFieldName(Field.vulnerability.json);
        json.writeStartObject();
        json.writeFieldName(Field.cves.json);
        json.writeStartArray();
        for (int i = 0; i < vulnerability.cves().size(); i++) {
            json.writeString(vulnerability.cves().get(i));
        }
        json.writeEndArray();
        if (vulnerability.cvssScore() != null) {
            number(json, Field.cvssScore, vulnerability.cvssScore());
        }
        optional(json, Field.cvssVector, vulnerability.cvssVector());
        json.writeEndObject();
    }

    private static void instant(JsonGenerator json, Field field, Instant value) throws IOException {
        text(json, field, IsoInstants.format(value));
    }

    private static void optional(JsonGenerator json, Field field, String value) throws IOException {
        if (value != null) {
            text(json, field, value);
        }
    }

    private static void text(JsonGenerator json, Field field, String value) throws IOException {
        json.writeFieldName(field.json);
        json.writeString(value);
    }

    private static void number(JsonGenerator json, Field field, int value) throws IOException {
        json.writeFieldName(field.json);
        json.writeNumber(value);
    }

    private static void number(JsonGenerator json, Field field, double value) throws IOException {
        json.writeFieldName(field.json);
        json.writeNumber(value);
    }

    /**
     * The signal's field names, each encoded and quoted once: a name written as a string is escaped character by
     * character on every signal, and the names are a good part of what a signal's JSON spends on strings.
     */
    private enum Field {
        id, source, format, instance, sourceEventId, fingerprint, kind, category, title, description, severity, name,
        status, observedAt, ingestedAt, asset, hostname, ip, cloudResourceId, service, environment, labels, observables,
        type, value, attack, tacticId, tactic, techniqueId, technique, vulnerability, cves, cvssScore, cvssVector, rawRef,
        raw;

        final SerializedString json = new SerializedString(name());
    }

    private SignalJson() {
    }
}
