package io.tandem.ingest.format.splunk;

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
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splunk: the webhook alert action body ({@code result} — the first result row —, {@code sid}, {@code search_name},
 * {@code results_link}, {@code owner}, {@code app}) and HTTP Event Collector events ({@code time}, {@code host},
 * {@code source}, {@code sourcetype}, {@code index}, {@code event}, {@code fields}), several of which may be
 * concatenated or newline-delimited.
 * <ul>
 * <li>severity: the row's {@code urgency} / {@code severity} / {@code priority} (Enterprise Security notables: a
 *     severity word or 0-10), else 0 Unknown;</li>
 * <li>status: always firing (a Splunk alert action only fires);</li>
 * <li>fingerprint: the saved search name and the row's host (the search id changes on every run);
 *     id: the search id + the row's content hash; HEC: the event's content hash;</li>
 * <li>observedAt: the row's {@code _time} / the event's {@code time} (epoch seconds or ISO);</li>
 * <li>kind: a {@code kind} field if present; security when the row carries security fields (addresses, users,
 *     signatures, urgency) or the app is Enterprise Security; else operational.</li>
 * </ul>
 */
public final class SplunkParser implements FormatParser {

    public static final String ID = "splunk";
    private static final Set<String> SECURITY_FIELDS = Set.of("src", "srcip", "src_ip", "dest_ip", "user", "username",
            "src_user", "signature", "urgency", "rule_name", "mitre_technique", "threat_object", "action");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Splunk webhook alert action bodies and HTTP Event Collector events";
    }

    @Override
    public String example() {
        return """
                {"sid":"scheduler__admin__search__RMD5bruteforce_at_1714557600_42","search_name":"Brute force on VPN","app":"search","owner":"admin","results_link":"https://splunk.example:8000/app/search/@go?sid=scheduler__admin__search__RMD5bruteforce_at_1714557600_42","result":{"_time":"1714557600","host":"vpn-gw-1","src_ip":"198.51.100.44","user":"alice","count":"57","urgency":"high"}}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        List<Signal> signals = new ArrayList<>();
        for (JsonPayload.Document document : JsonPayload.many(payload)) {
            for (Node item : JsonPayload.itemsOf(document.node())) {
                item.expectObject("a Splunk webhook body or HEC event");
                if (item.has("result") || item.has("sid")) {
                    signals.add(webhook(item, context));
                } else if (item.has("event")) {
                    signals.add(hec(item, context));
                } else {
                    throw new ParseException("not a Splunk payload: missing required field " + item.pointer()
                            + (item.pointer().equals("/") ? "" : "/") + "result (webhook) or event (HEC)",
                            item.get("result").pointer(), document.line());
                }
            }
        }
        return signals;
    }

    private static Signal webhook(Node body, ParseContext context) {
        Node result = body.get("result");
        String sid = body.text("sid");
        String search = body.text("search_name");
        String host = result.text("host");
        SignalDraft draft = new SignalDraft(ID)
                .title(Texts.first(search, "Splunk search " + sid))
                .description(Texts.first(result.text("_raw"), body.text("results_link")))
                .category(Texts.first(result.text("sourcetype"), result.text("eventtype")))
                .severity(severity(result))
                .kind(kind(result, body.text("app")))
                .fingerprint(SignalIds.hash(Texts.first(search, sid), host))
                .eventId(sid)
                .idKey(sid + "|" + SignalIds.contentHash(result.json()))
                .observedAt(Times.parse(result.text("_time")))
                .raw(body.raw());
        asset(draft, host, result);
        observe(draft.observables(), result);
        draft.label("splunk.sid", sid).label("splunk.app", body.text("app")).label("splunk.owner", body.text("owner"))
                .label("splunk.results_link", body.text("results_link"));
        Labels.flattenExcept(result, "result", Set.of("_raw"), draft.labels());
        return draft.build(context);
    }

    private static Signal hec(Node item, ParseContext context) {
        Node event = item.get("event");
        Node fields = item.get("fields");
        String host = item.text("host");
        String title = event.isObject() ? event.firstText("title", "name", "search_name", "signature", "message",
                "summary") : null;
        title = Texts.first(title, item.text("sourcetype"), item.text("source"), "Splunk event");
        Severity severity = severity(event);
        if (severity.equals(Severity.UNKNOWN)) {
            severity = severity(fields);
        }
        SignalDraft draft = new SignalDraft(ID)
                .title(title)
                .description(event.isObject() ? event.firstText("description", "message", "_raw") : event.text())
                .category(item.text("sourcetype"))
                .severity(severity)
                .kind(kind(event.isObject() ? event : fields, null))
                .fingerprint(SignalIds.hash(host, item.text("source"), item.text("sourcetype"), title))
                .idKey(SignalIds.contentHash(item.json()))
                .observedAt(Times.parse(item.text("time")),
                        event.isObject() ? Times.parse(event.firstText("_time", "time", "timestamp")) : null)
                .raw(item.raw());
        asset(draft, host, event);
        observe(draft.observables(), event);
        observe(draft.observables(), fields);
        draft.label("splunk.source", item.text("source")).label("splunk.sourcetype", item.text("sourcetype"))
                .label("splunk.index", item.text("index"));
        Labels.flatten(fields, "", draft.labels());
        if (event.isObject()) {
            Labels.flatten(event, "event", draft.labels());
        }
        return draft.build(context);
    }

    private static void asset(SignalDraft draft, String host, Node row) {
        String target = Texts.first(host, row.text("dest"), row.text("dest_host"), row.text("dvc"));
        if (Observables.isIp(target)) {
            draft.ip(target);
        } else {
            draft.hostname(target);
        }
    }

    private static void observe(Observables o, Node row) {
        for (String field : new String[]{"src", "srcip", "src_ip", "dest_ip", "dst", "dstip", "clientip"}) {
            o.ip(row.text(field), field);
        }
        for (String field : new String[]{"user", "username", "src_user", "user_name", "dest_user"}) {
            o.add(ObservableType.USER, row.text(field), field);
        }
        for (String field : new String[]{"url", "URL", "uri"}) {
            String value = row.text(field);
            if (Observables.classify(value) == ObservableType.URL) {
                o.add(ObservableType.URL, value, field);
            }
        }
        for (String field : new String[]{"file_hash", "hash", "md5", "sha1", "sha256"}) {
            o.add(ObservableType.FILE_HASH, row.text(field), field);
        }
        o.add(ObservableType.PROCESS, Texts.first(row.text("process_name"), row.text("process")), "process");
        o.host(row.text("query"), "query");
    }

    private static Severity severity(Node row) {
        Severity severity = Severities.fromTenPointOrWord(row.firstText("urgency", "severity", "priority"));
        return severity == null ? Severity.UNKNOWN : severity;
    }

    private static SignalKind kind(Node row, String app) {
        SignalKind declared = Kinds.fromWord(row.text("kind"));
        if (declared != null) {
            return declared;
        }
        if (app != null && (app.startsWith("SplunkEnterpriseSecurity") || app.startsWith("SA-") || app.startsWith("DA-ESS"))) {
            return SignalKind.SECURITY;
        }
        for (String field : SECURITY_FIELDS) {
            if (row.has(field)) {
                return SignalKind.SECURITY;
            }
        }
        return SignalKind.OPERATIONAL;
    }
}
