package io.tandem.ingest.format.elastic;

import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.support.Attack;
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
import io.tandem.model.signal.SignalStatus;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Elastic Security (Kibana) alerts in ECS: 8.x documents ({@code kibana.alert.*}) and 7.x signals
 * ({@code signal.*}), bare, as a search hit ({@code _source}), as an es_archiver record
 * ({@code {"type":"doc","value":{"source":...}}}), as a search response ({@code hits.hits[]}) or an array.
 * <ul>
 * <li>severity: {@code kibana.alert.severity} / {@code signal.rule.severity} low→2, medium→3, high→4,
 *     critical→5; else the risk score in Elastic's bands 0-21→2, 22-47→3, 48-73→4, 74-100→5;</li>
 * <li>status: resolved when {@code kibana.alert.status} is recovered or the workflow status
 *     ({@code kibana.alert.workflow_status}, {@code signal.status}) is closed;</li>
 * <li>fingerprint: rule id + {@code kibana.alert.instance.id} when the rule groups alerts, else the alert's uuid
 *     (Kibana derives it deterministically from the source event); id: alert uuid + workflow status + status;</li>
 * <li>kind: security for SIEM rules; observability rules (uptime → availability, others → operational);</li>
 * <li>ATT&CK from {@code kibana.alert.rule.threat} / {@code signal.rule.threat} or ECS {@code threat.*}.</li>
 * </ul>
 */
public final class ElasticParser implements FormatParser {

    public static final String ID = "elastic";
    private static final Set<String> OBSERVABILITY = Set.of("infrastructure", "apm", "logs", "slo", "observability",
            "metrics", "stackAlerts");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Elastic Security / Kibana alerts and signals (ECS), as documents, search hits or es_archiver records";
    }

    @Override
    public String example() {
        return """
                {"_index":".internal.alerts-security.alerts-default-000001","_id":"4d1f0c","_source":{"@timestamp":"2024-05-01T10:00:00.000Z","kibana.alert.uuid":"4d1f0c","kibana.alert.rule.name":"Potential SSH Brute Force","kibana.alert.rule.uuid":"9a1b","kibana.alert.severity":"high","kibana.alert.risk_score":73,"kibana.alert.status":"active","kibana.alert.workflow_status":"open","kibana.alert.reason":"authentication event with source 198.51.100.9 by root on bastion-1","kibana.alert.rule.threat":[{"framework":"MITRE ATT&CK","tactic":{"id":"TA0006","name":"Credential Access"},"technique":[{"id":"T1110","name":"Brute Force","subtechnique":[{"id":"T1110.001","name":"Password Guessing"}]}]}],"host":{"name":"bastion-1","ip":["10.0.0.4"]},"source":{"ip":"198.51.100.9"},"user":{"name":"root"},"event":{"kind":"signal"}}}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        Node root = JsonPayload.one(payload);
        List<Signal> signals = new ArrayList<>();
        List<Node> items = root.isObject() && root.get("hits").isObject() ? root.path("hits").array("hits")
                : JsonPayload.itemsOf(root);
        for (Node item : items) {
            item.expectObject("an Elastic alert document");
            signals.add(map(item, context));
        }
        if (signals.isEmpty()) {
            throw root.error("no alert document in the payload");
        }
        return signals;
    }

    private static Signal map(Node wrapper, ParseContext context) {
        Node doc = wrapper;
        String docId = null;
        if (wrapper.get("value").isObject()) {
            docId = wrapper.path("value").text("id");
            doc = wrapper.path("value").get("source").isObject() ? wrapper.path("value", "source")
                    : wrapper.path("value").requireObject("_source");
        } else if (wrapper.has("_source")) {
            docId = wrapper.text("_id");
            doc = wrapper.requireObject("_source");
        }
        String rule = Texts.first(EcsFields.text(doc, "kibana.alert.rule.name"), EcsFields.text(doc, "signal.rule.name"),
                EcsFields.text(doc, "rule.name"));
        String uuid = Texts.first(EcsFields.text(doc, "kibana.alert.uuid"), docId, EcsFields.text(doc, "signal.id"));
        if (rule == null && uuid == null) {
            throw new ParseException("not an Elastic alert: missing required field " + doc.pointer()
                    + "/kibana.alert.rule.name (or signal.rule.name)", doc.get("kibana.alert.rule.name").pointer(), null);
        }
        String alertStatus = EcsFields.text(doc, "kibana.alert.status");
        String workflow = Texts.first(EcsFields.text(doc, "kibana.alert.workflow_status"), EcsFields.text(doc, "signal.status"));
        boolean resolved = "recovered".equalsIgnoreCase(alertStatus) || "closed".equalsIgnoreCase(workflow);
        String ruleId = Texts.first(EcsFields.text(doc, "kibana.alert.rule.uuid"), EcsFields.text(doc, "signal.rule.id"));
        String instance = EcsFields.text(doc, "kibana.alert.instance.id");
        String key = uuid != null ? uuid : SignalIds.contentHash(doc.json());

        SignalDraft draft = new SignalDraft(ID)
                .title(Texts.first(rule, "Elastic alert " + key))
                .description(Texts.first(EcsFields.text(doc, "kibana.alert.reason"), EcsFields.text(doc, "signal.reason"),
                        EcsFields.text(doc, "kibana.alert.rule.description"), EcsFields.text(doc, "message")))
                .category(Texts.first(EcsFields.text(doc, "kibana.alert.rule.category"), EcsFields.text(doc, "kibana.alert.rule.type"),
                        EcsFields.text(doc, "signal.rule.type")))
                .severity(severity(doc))
                .status(resolved ? SignalStatus.RESOLVED : SignalStatus.FIRING)
                .kind(kind(doc))
                .fingerprint(instance != null ? ruleId + ":" + instance : key)
                .eventId(uuid)
                .idKey(key + "|" + workflow + "|" + alertStatus)
                .observedAt(Times.field(doc, "@timestamp"),
                        Times.parse(EcsFields.text(doc, "kibana.alert.original_time")),
                        Times.parse(EcsFields.text(doc, "signal.original_time")))
                .hostname(Texts.first(EcsFields.text(doc, "host.name"), EcsFields.text(doc, "host.hostname")))
                .ip(EcsFields.text(doc, "host.ip"))
                .cloudResourceId(EcsFields.text(doc, "cloud.instance.id"))
                .service(EcsFields.text(doc, "service.name"))
                .environment(EcsFields.text(doc, "service.environment"))
                .raw(wrapper.raw());

        Node threats = EcsFields.get(doc, "kibana.alert.rule.threat");
        if (!threats.isArray()) {
            threats = EcsFields.get(doc, "signal.rule.threat");
        }
        for (Node threat : threats.elements()) {
            Node tactic = threat.get("tactic");
            String tacticId = Texts.first(tactic.text("id"), tactic.text("name"));
            if (threat.array("technique").isEmpty()) {
                draft.attack(Attack.tacticOrName(tacticId));
            }
            for (Node technique : threat.array("technique")) {
                draft.attack(Attack.of(tacticId, technique.text("id"), technique.text("name")));
                for (Node sub : technique.array("subtechnique")) {
                    draft.attack(Attack.of(tacticId, sub.text("id"), sub.text("name")));
                }
            }
        }
        if (EcsFields.text(doc, "threat.technique.id") != null || EcsFields.text(doc, "threat.tactic.id") != null) {
            draft.attack(Attack.of(EcsFields.text(doc, "threat.tactic.id"), EcsFields.text(doc, "threat.technique.id"),
                    EcsFields.text(doc, "threat.technique.name")));
        }
        observables(draft.observables(), doc);
        Labels.flatten(doc, "", draft.labels());
        return draft.build(context);
    }

    private static void observables(Observables o, Node doc) {
        for (String field : new String[]{"source.ip", "destination.ip", "client.ip", "server.ip", "host.ip"}) {
            for (Node ip : asList(EcsFields.get(doc, field))) {
                o.ip(ip.text(), field);
            }
        }
        for (String field : new String[]{"user.name", "source.user.name", "destination.user.name", "user.target.name"}) {
            o.add(ObservableType.USER, EcsFields.text(doc, field), field);
        }
        o.add(ObservableType.EMAIL, EcsFields.text(doc, "user.email"), "user.email");
        o.add(ObservableType.PROCESS, EcsFields.text(doc, "process.name"), "process.name");
        o.add(ObservableType.PROCESS, EcsFields.text(doc, "process.command_line"), "process.command_line");
        for (String hash : new String[]{"md5", "sha1", "sha256"}) {
            o.add(ObservableType.FILE_HASH, EcsFields.text(doc, "file.hash." + hash), "file.hash." + hash);
            o.add(ObservableType.FILE_HASH, EcsFields.text(doc, "process.hash." + hash), "process.hash." + hash);
        }
        o.add(ObservableType.FILE, EcsFields.text(doc, "file.path"), "file.path");
        o.add(ObservableType.URL, EcsFields.text(doc, "url.full"), "url.full");
        o.host(EcsFields.text(doc, "dns.question.name"), "dns.question.name");
        o.host(EcsFields.text(doc, "destination.domain"), "destination.domain");
        for (Node enrichment : EcsFields.get(doc, "threat.enrichments").elements()) {
            Node matched = enrichment.get("matched");
            String atomic = matched.text("atomic");
            String field = Texts.first(matched.text("field"), "threat.enrichments.matched.atomic");
            if (Observables.classify(atomic) != null) {
                o.guess(atomic, field);
            } else {
                o.add(ObservableType.OTHER, atomic, field);
            }
        }
    }

    private static List<Node> asList(Node node) {
        return node.isArray() ? node.elements() : List.of(node);
    }

    private static Severity severity(Node doc) {
        Severity named = Severities.fromWord(Texts.first(EcsFields.text(doc, "kibana.alert.severity"),
                EcsFields.text(doc, "signal.rule.severity"), EcsFields.text(doc, "kibana.alert.rule.severity")));
        if (named != null) {
            return named;
        }
        BigDecimal score = EcsFields.get(doc, "kibana.alert.risk_score").decimal();
        if (score == null) {
            score = EcsFields.get(doc, "signal.rule.risk_score").decimal();
        }
        Double risk = score == null ? null : score.doubleValue();
        if (risk == null || risk < 0 || risk > 100) {
            return Severity.UNKNOWN;
        }
        return risk <= 21 ? Severity.LOW : risk <= 47 ? Severity.MEDIUM : risk <= 73 ? Severity.HIGH : Severity.CRITICAL;
    }

    private static SignalKind kind(Node doc) {
        String consumer = Texts.first(EcsFields.text(doc, "kibana.alert.rule.consumer"),
                EcsFields.text(doc, "kibana.alert.rule.producer"));
        String ruleType = String.valueOf(EcsFields.text(doc, "kibana.alert.rule.rule_type_id"));
        if ("uptime".equals(consumer) || ruleType.startsWith("xpack.uptime") || ruleType.startsWith("xpack.synthetics")) {
            return SignalKind.AVAILABILITY;
        }
        if (consumer != null && OBSERVABILITY.contains(consumer)) {
            SignalKind declared = Kinds.fromWord(EcsFields.text(doc, "labels.kind"));
            return declared != null ? declared : SignalKind.OPERATIONAL;
        }
        return SignalKind.SECURITY;
    }
}
