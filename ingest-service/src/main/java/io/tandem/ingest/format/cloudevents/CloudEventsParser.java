package io.tandem.ingest.format.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.support.JsonPayload;
import io.tandem.ingest.format.support.Kinds;
import io.tandem.ingest.format.support.Labels;
import io.tandem.ingest.format.support.Node;
import io.tandem.ingest.format.support.Observables;
import io.tandem.ingest.format.support.Severities;
import io.tandem.ingest.format.support.SignalDraft;
import io.tandem.ingest.format.support.Texts;
import io.tandem.ingest.format.support.Times;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CloudEvents 1.0 in the JSON event format: one structured event or a batch (JSON array). The envelope gives
 * identity and time; the signal's content is read loosely from {@code data} (or decoded {@code data_base64}) when it
 * is a JSON object with common alert fields ({@code title}/{@code summary}/{@code message}, {@code severity}/
 * {@code level}/{@code priority}, {@code status}/{@code state}, {@code host}/{@code ip}).
 * <ul>
 * <li>severity: a {@code severity} extension attribute or data field read as a severity word (or 0-10), else 0
 *     Unknown;</li>
 * <li>status: data status/state resolved, ok, closed, recovered → resolved; else firing;</li>
 * <li>fingerprint: data's {@code fingerprint}/{@code dedup_key}/{@code alias} when given, else {@code source} +
 *     {@code subject} + {@code type}; id: {@code source} + {@code id}, which the spec makes unique;</li>
 * <li>kind: data's or the extension's {@code kind}, else from the event type (security, vulnerability, change,
 *     health/availability words), else operational.</li>
 * </ul>
 */
public final class CloudEventsParser implements FormatParser {

    public static final String ID = "cloudevents";
    private static final Set<String> CONTEXT_ATTRIBUTES = Set.of("specversion", "id", "source", "type", "time",
            "subject", "datacontenttype", "dataschema", "data", "data_base64");
    private static final Set<String> RESOLVED = Set.of("resolved", "ok", "closed", "recovered", "inactive");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "CloudEvents 1.0, JSON event format (structured mode), single or batch";
    }

    @Override
    public String example() {
        return """
                {"specversion":"1.0","id":"e7c1f6a2-0b1d-4c55-9d7e-8a3f2b1c0d9e","source":"//monitoring.example/checks","type":"com.example.health.check.failed","subject":"checkout-api","time":"2024-05-01T10:00:00Z","severity":"high","datacontenttype":"application/json","data":{"title":"Health check failing for checkout-api","status":"firing","host":"checkout-1","ip":"10.0.5.10","region":"eu-west-1"}}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        Node root = JsonPayload.one(payload);
        List<Signal> signals = new ArrayList<>();
        for (Node event : JsonPayload.itemsOf(root)) {
            signals.add(map(event.expectObject("a CloudEvent"), context));
        }
        if (signals.isEmpty()) {
            throw new ParseException("empty CloudEvents batch", "/", null);
        }
        return signals;
    }

    private static Signal map(Node event, ParseContext context) {
        event.requireText("specversion");
        String id = event.requireText("id");
        String source = event.requireText("source");
        String type = event.requireText("type");
        String subject = event.text("subject");
        Node data = data(event);
        String status = data.firstText("status", "state");
        SignalKind kind = Kinds.fromWord(Texts.first(data.text("kind"), event.text("kind")));
        if (kind == null) {
            kind = kindOf(type);
        }
        Severity severity = Severities.fromTenPointOrWord(Texts.first(event.text("severity"),
                data.firstText("severity", "level", "priority")));
        String host = Texts.first(data.firstText("host", "hostname"), event.text("host"));
        String ip = data.text("ip");
        SignalDraft draft = new SignalDraft(ID)
                .title(Texts.first(data.firstText("title", "summary", "message", "name"), subject == null ? type : type + " " + subject))
                .description(Texts.first(data.firstText("description", "message", "details"),
                        data.present() && !data.isObject() ? data.text() : null))
                .category(type)
                .severity(severity == null ? Severity.UNKNOWN : severity)
                .status(status != null && RESOLVED.contains(status.toLowerCase(Locale.ROOT))
                        ? SignalStatus.RESOLVED : SignalStatus.FIRING)
                .kind(kind)
                .fingerprint(Texts.first(data.firstText("fingerprint", "dedup_key", "alias"),
                        source + "|" + (subject == null ? "" : subject) + "|" + type))
                .eventId(id)
                .idKey(source + "|" + id)
                .observedAt(Times.field(event, "time"), data.isObject() ? Times.parse(data.firstText("time", "timestamp")) : null)
                .hostname(Observables.isIp(host) ? null : host)
                .ip(Observables.isIp(ip) ? ip : Observables.isIp(host) ? host : null)
                .service(data.text("service"))
                .environment(Texts.first(data.text("environment"), data.text("env")))
                .label("ce.source", source)
                .label("ce.type", type)
                .label("ce.subject", subject)
                .label("ce.datacontenttype", event.text("datacontenttype"))
                .label("ce.dataschema", event.text("dataschema"))
                .raw(event.raw());
        event.fields().forEach((name, value) -> {
            if (!CONTEXT_ATTRIBUTES.contains(name)) {
                draft.label("ce." + name, value.text());
            }
        });
        if (data.isObject()) {
            data.fields().forEach((k, v) -> draft.observables().guess(v.text(), "data." + k));
            Labels.flatten(data, "data", draft.labels());
        }
        return draft.build(context);
    }

    /** {@code data}, or {@code data_base64} decoded and read as JSON when it is JSON; opaque binary stays in raw. */
    private static Node data(Node event) {
        if (event.has("data")) {
            return event.get("data");
        }
        String encoded = event.text("data_base64");
        if (encoded == null) {
            return event.get("data");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(encoded.trim());
            JsonNode parsed = Json.mapper().readTree(bytes);
            return parsed == null ? event.get("data") : Node.at(parsed, event.get("data_base64").pointer());
        } catch (IllegalArgumentException | IOException e) {
            return event.get("data");
        }
    }

    private static SignalKind kindOf(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        if (t.contains("vulnerab") || t.contains("cve")) {
            return SignalKind.VULNERABILITY;
        }
        if (t.contains("security") || t.contains("threat") || t.contains("intrusion") || t.contains("malware")) {
            return SignalKind.SECURITY;
        }
        if (t.contains("config") || t.contains(".change") || t.contains("deploy")) {
            return SignalKind.CONFIGURATION_CHANGE;
        }
        if (t.contains("health") || t.contains("availability") || t.contains("uptime") || Kinds.looksLikeAvailability(t)) {
            return SignalKind.AVAILABILITY;
        }
        return SignalKind.OPERATIONAL;
    }
}
