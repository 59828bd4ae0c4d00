package io.tandem.ingest.format.suricata;

import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.support.Attack;
import io.tandem.ingest.format.support.JsonPayload;
import io.tandem.ingest.format.support.Labels;
import io.tandem.ingest.format.support.Node;
import io.tandem.ingest.format.support.Observables;
import io.tandem.ingest.format.support.SignalDraft;
import io.tandem.ingest.format.support.SignalIds;
import io.tandem.ingest.format.support.Times;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Suricata EVE JSON: one event per line (or an array, or a single object). Alert events ({@code event_type} alert,
 * or drop with an alert) become signals; other event types of the same stream (flow, dns, stats...) are skipped,
 * and a payload with no alert at all is rejected.
 * <ul>
 * <li>severity: {@code alert.severity} (1 is the highest): 1→4 High, 2→3 Medium, 3→2 Low, 4 and above→1
 *     Informational, absent→0 Unknown;</li>
 * <li>status: always firing;</li>
 * <li>fingerprint: gid:signature_id and the two addresses (one rule on one pair of hosts);</li>
 * <li>id: the content hash of the event (EVE has no event id; {@code flow_id} is per flow, not per alert);</li>
 * <li>asset: the sensor {@code host} as hostname, the internal end of the flow as ip;</li>
 * <li>ATT&CK: the {@code mitre_tactic_*}/{@code mitre_technique_*} rule metadata (Emerging Threats convention).</li>
 * </ul>
 */
public final class SuricataParser implements FormatParser {

    public static final String ID = "suricata";
    private static final Set<String> MAPPED = Set.of("timestamp", "event_type", "src_ip", "dest_ip", "alert");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Suricata EVE JSON alert events (NDJSON, array or single object)";
    }

    @Override
    public String example() {
        return """
                {"timestamp":"2024-05-01T10:00:00.123456+0000","flow_id":1234567890,"in_iface":"eth0","event_type":"alert","src_ip":"203.0.113.50","src_port":4444,"dest_ip":"10.0.0.20","dest_port":22,"proto":"TCP","host":"sensor-1","alert":{"action":"allowed","gid":1,"signature_id":2001219,"rev":20,"signature":"ET SCAN Potential SSH Scan","category":"Attempted Information Leak","severity":2,"metadata":{"mitre_tactic_id":["TA0043"],"mitre_tactic_name":["Reconnaissance"],"mitre_technique_id":["T1595"],"mitre_technique_name":["Active_Scanning"]}}}
                {"timestamp":"2024-05-01T10:00:01.000000+0000","event_type":"flow","src_ip":"203.0.113.50","dest_ip":"10.0.0.20"}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        List<Signal> signals = new ArrayList<>();
        int events = 0;
        for (JsonPayload.Document document : JsonPayload.many(payload)) {
            for (Node event : JsonPayload.itemsOf(document.node())) {
                events++;
                event.expectObject("an EVE event");
                String type = event.requireText("event_type");
                if (("alert".equals(type) || "drop".equals(type)) && event.get("alert").isObject()) {
                    signals.add(map(event, context));
                }
            }
        }
        if (signals.isEmpty()) {
            throw new ParseException("no alert event among " + events + " EVE event(s)", "/event_type", null);
        }
        return signals;
    }

    private static Signal map(Node event, ParseContext context) {
        Node alert = event.get("alert");
        String src = event.text("src_ip");
        String dst = event.text("dest_ip");
        String signature = alert.text("signature");
        String ruleId = alert.text("gid") + ":" + alert.text("signature_id");
        SignalDraft draft = new SignalDraft(ID)
                .title(signature != null ? signature : "Suricata alert " + ruleId)
                .category(alert.text("category"))
                .severity(severity(alert.integer("severity")))
                .kind(SignalKind.SECURITY)
                .fingerprint(SignalIds.hash(ruleId, src, dst))
                .idKey(SignalIds.contentHash(event.json()))
                .observedAt(Times.field(event, "timestamp"))
                .hostname(event.text("host"))
                .ip(Observables.internalEnd(src, dst))
                .raw(event.raw());
        Observables o = draft.observables();
        o.ip(src, "src_ip").ip(dst, "dest_ip");
        o.host(event.path("http").text("hostname"), "http.hostname");
        String url = event.path("http").text("url");
        String host = event.path("http").text("hostname");
        if (url != null && host != null && url.startsWith("/")) {
            o.add(ObservableType.URL, "http://" + host + url, "http.url");
        }
        o.host(event.path("dns").text("rrname"), "dns.rrname");
        o.host(event.path("tls").text("sni"), "tls.sni");
        o.add(ObservableType.FILE_HASH, event.path("fileinfo").text("sha256"), "fileinfo.sha256");
        o.add(ObservableType.MAC, event.path("ether").text("src_mac"), "ether.src_mac");
        o.add(ObservableType.MAC, event.path("ether").text("dest_mac"), "ether.dest_mac");

        Node metadata = alert.get("metadata");
        List<String> tactics = metadata.texts("mitre_tactic_id");
        List<String> techniqueIds = metadata.texts("mitre_technique_id");
        List<String> techniqueNames = metadata.texts("mitre_technique_name");
        String tactic = tactics.isEmpty() ? null : tactics.get(0);
        for (int i = 0; i < techniqueIds.size(); i++) {
            String name = i < techniqueNames.size() ? techniqueNames.get(i).replace('_', ' ') : null;
            draft.attack(Attack.of(tactic, techniqueIds.get(i), name));
        }
        if (techniqueIds.isEmpty()) {
            tactics.forEach(t -> draft.attack(Attack.tacticOrName(t)));
        }
        draft.label("suricata.signature_id", alert.text("signature_id")).label("suricata.gid", alert.text("gid"))
                .label("suricata.rev", alert.text("rev")).label("suricata.action", alert.text("action"));
        Labels.flatten(metadata, "suricata.metadata", draft.labels());
        Labels.flattenExcept(event, "", MAPPED, draft.labels());
        return draft.build(context);
    }

    private static Severity severity(Integer value) {
        if (value == null || value < 1) {
            return Severity.UNKNOWN;
        }
        return switch (value) {
            case 1 -> Severity.HIGH;
            case 2 -> Severity.MEDIUM;
            case 3 -> Severity.LOW;
            default -> Severity.INFORMATIONAL;
        };
    }
}
