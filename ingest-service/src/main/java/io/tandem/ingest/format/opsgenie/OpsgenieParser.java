package io.tandem.ingest.format.opsgenie;

import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import io.tandem.ingest.format.support.JsonPayload;
import io.tandem.ingest.format.support.Kinds;
import io.tandem.ingest.format.support.Labels;
import io.tandem.ingest.format.support.Node;
import io.tandem.ingest.format.support.Observables;
import io.tandem.ingest.format.support.SignalDraft;
import io.tandem.ingest.format.support.SignalIds;
import io.tandem.ingest.format.support.Texts;
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
 * Opsgenie: the Create Alert API body ({@code POST /v2/alerts}: {@code message}, {@code alias},
 * {@code description}, {@code priority}, {@code tags}, {@code details}, {@code entity}, {@code source},
 * {@code responders}), and the outgoing-webhook form {@code {"action":"Create"|"Close"|..., "alert":{...}}}.
 * <ul>
 * <li>severity ({@code priority}): P1→5 Critical, P2→4 High, P3→3 Medium, P4→2 Low, P5→1 Informational; absent
 *     means P3, Opsgenie's default;</li>
 * <li>status: webhook action Close → resolved; everything else firing;</li>
 * <li>fingerprint: {@code alias} (Opsgenie's dedup key), else a hash of message, entity and source;</li>
 * <li>id: content hash of the body (the API body has no event id); observedAt: ingestion time (no time field).</li>
 * </ul>
 */
public final class OpsgenieParser implements FormatParser {

    public static final String ID = "opsgenie";
    private static final Map<String, Severity> PRIORITY = Map.of("P1", Severity.CRITICAL, "P2", Severity.HIGH,
            "P3", Severity.MEDIUM, "P4", Severity.LOW, "P5", Severity.INFORMATIONAL);
    private static final Set<String> MAPPED = Set.of("message", "alias", "description", "priority", "tags", "details",
            "entity", "source", "responders", "visibleTo", "actions");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Opsgenie Create Alert API bodies (POST /v2/alerts) and Opsgenie webhook alert actions";
    }

    @Override
    public String example() {
        return """
                {"message":"CPU above 95% on api-3","alias":"api-3-cpu","description":"CPU has been above 95% for 10 minutes","priority":"P2","tags":["prod","cpu"],"details":{"host":"api-3","ip":"10.0.2.33","env":"prod"},"entity":"api","source":"zabbix","responders":[{"name":"SRE","type":"team"}]}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        Node root = JsonPayload.one(payload);
        List<Signal> signals = new ArrayList<>();
        for (Node item : JsonPayload.itemsOf(root)) {
            item.expectObject("an Opsgenie alert");
            if (item.get("alert").isObject() && item.has("action")) {
                String action = item.text("action");
                signals.add(map(item.get("alert"), item, action, context));
            } else {
                signals.add(map(item, item, null, context));
            }
        }
        if (signals.isEmpty()) {
            throw root.error("no alert in the payload");
        }
        return signals;
    }

    private static Signal map(Node alert, Node body, String action, ParseContext context) {
        String message = alert.requireText("message");
        String alias = alert.text("alias");
        String priority = alert.text("priority");
        Severity severity = priority == null ? Severity.MEDIUM
                : PRIORITY.getOrDefault(priority.trim().toUpperCase(Locale.ROOT), Severity.UNKNOWN);
        Node details = alert.get("details");
        List<String> tags = alert.texts("tags");
        SignalKind kind = Kinds.fromWord(details.text("kind"));
        for (String tag : tags) {
            kind = kind != null ? kind : Kinds.fromWord(tag);
        }
        String host = Texts.first(details.text("host"), details.text("hostname"), details.text("Host"));
        SignalDraft draft = new SignalDraft(ID)
                .title(message)
                .description(alert.text("description"))
                .severity(severity)
                .status("close".equalsIgnoreCase(action) ? SignalStatus.RESOLVED : SignalStatus.FIRING)
                .kind(kind != null ? kind : Kinds.looksLikeAvailability(message) ? SignalKind.AVAILABILITY
                        : SignalKind.OPERATIONAL)
                .fingerprint(alias != null ? alias : SignalIds.hash(message, alert.text("entity"), alert.text("source")))
                .idKey(SignalIds.contentHash(body.json()))
                .service(alert.text("entity"))
                .environment(Texts.first(details.text("env"), details.text("environment")))
                .label("opsgenie.source", alert.text("source"))
                .label("opsgenie.alias", alias)
                .label("opsgenie.priority", priority)
                .label("opsgenie.action", action)
                .label("opsgenie.tags", String.join(",", tags))
                .label("opsgenie.responders", String.join(",", alert.array("responders").stream()
                        .map(r -> Texts.first(r.text("name"), r.text("username"), r.text("id"))).filter(r -> r != null).toList()))
                .raw(body.raw());
        if (Observables.isIp(host)) {
            draft.ip(host);
        } else {
            draft.hostname(host);
        }
        details.fields().forEach((k, v) -> draft.observables().guess(v.text(), "details." + k));
        Labels.flatten(details, "details", draft.labels());
        Labels.flattenExcept(alert, "opsgenie", MAPPED, draft.labels());
        return draft.build(context);
    }
}
