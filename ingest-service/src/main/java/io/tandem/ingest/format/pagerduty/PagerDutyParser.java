package io.tandem.ingest.format.pagerduty;

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
import io.tandem.ingest.format.support.SignalIds;
import io.tandem.ingest.format.support.Texts;
import io.tandem.ingest.format.support.Times;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * PagerDuty: Events API v2 bodies ({@code POST /v2/enqueue}: {@code routing_key}, {@code event_action}
 * trigger/acknowledge/resolve, {@code dedup_key}, {@code payload}) and v3 webhooks ({@code {"event":{event_type,
 * occurred_at, data}}}).
 * <ul>
 * <li>severity (Events v2 {@code payload.severity}): critical→5, error→4, warning→3, info→1; acknowledge and
 *     resolve carry none (0 Unknown). v3: the incident priority P1-P5 (5..1), else urgency high→4, low→2;</li>
 * <li>status: resolve / {@code incident.resolved} → resolved; trigger and acknowledge → firing;</li>
 * <li>fingerprint: {@code dedup_key} (v3: the incident key, else the incident id), so the resolve of a trigger
 *     shares its fingerprint; without one, a hash of routing key, summary and source;</li>
 * <li>id: Events v2 has no event id: the content hash of the body; v3: {@code event.id}.</li>
 * </ul>
 */
public final class PagerDutyParser implements FormatParser {

    public static final String ID = "pagerduty";
    private static final Map<String, Severity> SEVERITY = Map.of("critical", Severity.CRITICAL, "error", Severity.HIGH,
            "warning", Severity.MEDIUM, "info", Severity.INFORMATIONAL);
    private static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "PagerDuty Events API v2 (trigger, acknowledge, resolve) and PagerDuty v3 webhooks";
    }

    @Override
    public String example() {
        return """
                {"routing_key":"R0123456789ABCDEF0123456789ABCDE","event_action":"trigger","dedup_key":"db-1/replication-lag","payload":{"summary":"Replication lag above 300s on db-1","source":"db-1.prod.example","severity":"error","timestamp":"2024-05-01T10:00:00.000+0000","component":"postgres","group":"prod-db","class":"replication","custom_details":{"lag_seconds":412,"replica":"10.0.3.21"}},"client":"Prometheus","client_url":"http://prometheus:9090"}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        Node root = JsonPayload.one(payload);
        List<Signal> signals = new ArrayList<>();
        for (Node item : JsonPayload.itemsOf(root)) {
            item.expectObject("a PagerDuty event");
            if (item.get("event").isObject()) {
                signals.add(webhook(item, context));
            } else {
                signals.add(event(item, context));
            }
        }
        if (signals.isEmpty()) {
            throw root.error("no event in the payload");
        }
        return signals;
    }

    private static Signal event(Node body, ParseContext context) {
        String action = body.requireText("event_action").toLowerCase(Locale.ROOT);
        if (!ACTIONS.contains(action)) {
            throw body.get("event_action").error("event_action must be trigger, acknowledge or resolve, was '"
                    + action + "'");
        }
        String dedupKey = body.text("dedup_key");
        Node p = body.get("payload");
        String summary = null;
        String source = null;
        Severity severity = Severity.UNKNOWN;
        if (action.equals("trigger")) {
            p = body.requireObject("payload");
            summary = p.requireText("summary");
            source = p.requireText("source");
            String level = p.requireText("severity").toLowerCase(Locale.ROOT);
            severity = SEVERITY.get(level);
            if (severity == null) {
                throw p.get("severity").error("severity must be critical, error, warning or info, was '" + level + "'");
            }
        } else if (dedupKey == null) {
            throw new ParseException("missing required field /dedup_key (needed to " + action + ")", "/dedup_key", null);
        }
        Node details = p.get("custom_details");
        SignalKind kind = Kinds.fromWord(Texts.first(details.text("kind"), p.text("class")));
        SignalDraft draft = new SignalDraft(ID)
                .title(summary != null ? summary : "PagerDuty " + action + " " + dedupKey)
                .category(p.text("class"))
                .severity(severity)
                .status(action.equals("resolve") ? SignalStatus.RESOLVED : SignalStatus.FIRING)
                .kind(kind != null ? kind : SignalKind.OPERATIONAL)
                .fingerprint(dedupKey != null ? dedupKey : SignalIds.hash(body.text("routing_key"), summary, source))
                .idKey(SignalIds.contentHash(body.json()))
                .observedAt(Times.field(p, "timestamp"))
                .service(p.text("component"))
                .label("pagerduty.event_action", action)
                .label("pagerduty.group", p.text("group"))
                .label("pagerduty.client", body.text("client"))
                .label("pagerduty.client_url", body.text("client_url"))
                .label("pagerduty.source", source)
                .raw(body.raw());
        if (Observables.isIp(source)) {
            draft.ip(source);
            draft.observables().ip(source, "payload.source");
        } else {
            draft.hostname(source);
        }
        details.fields().forEach((k, v) -> draft.observables().guess(v.text(), "custom_details." + k));
        Labels.flatten(details, "custom_details", draft.labels());
        for (Node link : body.array("links")) {
            draft.label("link." + Texts.first(link.text("text"), "href"), link.text("href"));
        }
        return draft.build(context);
    }

    private static Signal webhook(Node body, ParseContext context) {
        Node event = body.get("event");
        String type = event.requireText("event_type");
        Node data = event.get("data");
        String status = data.text("status");
        boolean resolved = type.equals("incident.resolved") || "resolved".equalsIgnoreCase(status);
        Severity severity = Severities.fromWord(data.path("priority").text("summary"));
        if (severity == null) {
            severity = "high".equalsIgnoreCase(data.text("urgency")) ? Severity.HIGH
                    : "low".equalsIgnoreCase(data.text("urgency")) ? Severity.LOW : Severity.UNKNOWN;
        }
        String eventId = event.text("id");
        SignalDraft draft = new SignalDraft(ID)
                .title(Texts.first(data.text("title"), data.text("summary"), type))
                .description(data.text("description"))
                .category(type)
                .severity(severity)
                .status(resolved ? SignalStatus.RESOLVED : SignalStatus.FIRING)
                .kind(SignalKind.OPERATIONAL)
                .fingerprint(Texts.first(data.text("incident_key"), data.text("id"), eventId,
                        SignalIds.contentHash(body.json())))
                .eventId(eventId)
                .idKey(eventId != null ? eventId : SignalIds.contentHash(body.json()))
                .observedAt(Times.field(event, "occurred_at"), Times.field(data, "created_at"))
                .service(data.path("service").text("summary"))
                .label("pagerduty.event_type", type)
                .label("pagerduty.incident_number", data.text("number"))
                .label("pagerduty.html_url", data.text("html_url"))
                .label("pagerduty.urgency", data.text("urgency"))
                .label("pagerduty.status", status)
                .raw(body.raw());
        List<String> assignees = data.array("assignees").stream().map(a -> a.text("summary")).filter(a -> a != null).toList();
        draft.label("pagerduty.assignees", String.join(",", assignees));
        return draft.build(context);
    }
}
