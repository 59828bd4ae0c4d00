package io.tandem.ingest.format.ocsf;

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
import io.tandem.ingest.format.support.Texts;
import io.tandem.ingest.format.support.Times;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OCSF events of any Findings class (Security 2001, Vulnerability 2002, Compliance 2003, Detection 2004, Incident
 * 2005, Data Security 2006, Application Security Posture 2007) and, loosely, other classes; one object, an array or
 * NDJSON. Pre-1.0 findings (a {@code finding} object and {@code state_id}) are read too.
 * <ul>
 * <li>severity: {@code severity_id} as is (it is the contract's scale); 99 Other stays 99;</li>
 * <li>status: resolved when {@code status_id} (or pre-1.0 {@code state_id}) is 4 Resolved, when
 *     {@code compliance.status_id} is 1 Pass, or when {@code status_code} is PASS (Prowler's convention);</li>
 * <li>fingerprint: {@code finding_info.uid} (pre-1.0 {@code finding.uid}), else {@code metadata.uid}, else a hash
 *     of class, title and resources; id: {@code metadata.uid} when present, else fingerprint + time + status;</li>
 * <li>kind by class: 2002/2007→vulnerability, 2003→configuration-change, other findings→security (vulnerability
 *     when the event lists vulnerabilities);</li>
 * <li>observables: {@code observables[]} by {@code type_id}, plus endpoint ips of {@code evidences[]};
 *     ATT&CK from {@code attacks[]} ({@code finding_info.attacks[]}); CVE/CVSS from {@code vulnerabilities[]}.</li>
 * </ul>
 */
public final class OcsfParser implements FormatParser {

    public static final String ID = "ocsf";
    private static final Map<Integer, ObservableType> OBSERVABLE_TYPES = Map.ofEntries(
            Map.entry(1, ObservableType.DOMAIN), Map.entry(2, ObservableType.IP), Map.entry(3, ObservableType.MAC),
            Map.entry(4, ObservableType.USER), Map.entry(5, ObservableType.EMAIL), Map.entry(6, ObservableType.URL),
            Map.entry(7, ObservableType.FILE), Map.entry(8, ObservableType.FILE_HASH), Map.entry(9, ObservableType.PROCESS),
            Map.entry(21, ObservableType.USER), Map.entry(22, ObservableType.EMAIL), Map.entry(23, ObservableType.URL),
            Map.entry(24, ObservableType.FILE), Map.entry(25, ObservableType.PROCESS));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "OCSF findings (Security, Vulnerability, Compliance, Detection, Incident... classes), single, array or NDJSON";
    }

    @Override
    public String example() {
        return """
                {"class_uid":2002,"class_name":"Vulnerability Finding","category_uid":2,"activity_id":1,"severity_id":4,"severity":"High","status_id":1,"status":"New","time":1714557600000,"finding_info":{"uid":"vuln-openssl-web-1","title":"CVE-2024-0727 in openssl","types":["Package Vulnerability"]},"vulnerabilities":[{"cve":{"uid":"CVE-2024-0727","cvss":[{"base_score":5.5,"vector_string":"CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H","version":"3.1"}]}}],"resources":[{"uid":"i-0abc123","name":"web-1","type":"AwsEc2Instance"}],"device":{"hostname":"web-1","ip":"10.0.1.7"},"metadata":{"uid":"evt-0001","version":"1.3.0","product":{"name":"Scanner","vendor_name":"Example"}}}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        List<Signal> signals = new ArrayList<>();
        for (JsonPayload.Document document : JsonPayload.many(payload)) {
            for (Node event : JsonPayload.itemsOf(document.node())) {
                signals.add(map(event.expectObject("an OCSF event"), context));
            }
        }
        return signals;
    }

    private static Signal map(Node e, ParseContext context) {
        Node info = e.get("finding_info").isObject() ? e.get("finding_info") : e.get("finding");
        Integer classUid = e.integer("class_uid");
        if (classUid == null && !info.isObject()) {
            throw new ParseException("not an OCSF event: missing required field " + e.get("class_uid").pointer(),
                    e.get("class_uid").pointer(), null);
        }
        Node metadata = e.get("metadata");
        Integer statusId = e.integer("status_id") != null ? e.integer("status_id") : e.integer("state_id");
        boolean resolved = Integer.valueOf(4).equals(statusId)
                || Integer.valueOf(1).equals(e.path("compliance").integer("status_id"))
                || "PASS".equalsIgnoreCase(e.text("status_code"));
        SignalStatus status = resolved ? SignalStatus.RESOLVED : SignalStatus.FIRING;
        String title = Texts.first(info.text("title"), e.text("message"), e.text("type_name"), e.text("class_name"));
        List<Node> resources = e.array("resources");
        String uid = Texts.first(info.text("uid"), metadata.text("uid"));
        Instant time = Times.field(e, "time_dt") != null ? Times.field(e, "time_dt") : Times.field(e, "time");
        String fingerprint = uid != null ? uid : SignalIds.hash(String.valueOf(classUid), title,
                resources.isEmpty() ? null : resources.get(0).text("uid"));
        SignalDraft draft = new SignalDraft(ID)
                .title(title)
                .description(Texts.first(info.text("desc"), e.text("message")))
                .category(Texts.first(e.text("class_name"), e.text("classname")))
                .severity(severity(e.integer("severity_id")))
                .status(status)
                .kind(kind(classUid, e))
                .fingerprint(fingerprint)
                .eventId(metadata.text("uid"))
                .idKey(metadata.text("uid") != null ? metadata.text("uid")
                        : fingerprint + "|" + (time == null ? "" : time) + "|" + status.wire())
                .observedAt(time, Times.field(info, "modified_time"), Times.field(info, "created_time"))
                .raw(e.raw());
        asset(draft, e, resources);
        observables(draft.observables(), e);
        attacks(draft, e.array("attacks"));
        attacks(draft, info.array("attacks"));
        for (Node vulnerability : e.array("vulnerabilities")) {
            Node cve = vulnerability.get("cve");
            draft.cve(cve.text("uid"));
            List<Node> scores = cve.get("cvss").isArray() ? cve.array("cvss") : List.of(cve.get("cvss"));
            for (Node cvss : scores) {
                draft.cvss(cvss.number("base_score"), cvss.text("vector_string"));
            }
        }
        draft.label("ocsf.class_uid", e.text("class_uid")).label("ocsf.type_uid", e.text("type_uid"))
                .label("ocsf.product", metadata.path("product").text("name"))
                .label("ocsf.vendor", metadata.path("product").text("vendor_name"))
                .label("ocsf.version", metadata.text("version"))
                .label("ocsf.status", e.text("status")).label("ocsf.status_code", e.text("status_code"));
        Labels.flattenExcept(e, "", Set.of("metadata", "time", "time_dt", "severity_id", "class_uid", "type_uid",
                "status", "status_code", "finding_info", "finding", "observables", "attacks", "vulnerabilities",
                "resources", "evidences", "raw_data", "unmapped", "message", "enrichments"), draft.labels());
        return draft.build(context);
    }

    private static Severity severity(Integer id) {
        if (id == null) {
            return Severity.UNKNOWN;
        }
        return (id >= 0 && id <= 6) || id == 99 ? Severity.of(id) : Severity.UNKNOWN;
    }

    private static SignalKind kind(Integer classUid, Node e) {
        if (classUid != null && (classUid == 2002 || classUid == 2007)) {
            return SignalKind.VULNERABILITY;
        }
        if (classUid != null && classUid == 2003) {
            return SignalKind.CONFIGURATION_CHANGE;
        }
        return e.array("vulnerabilities").isEmpty() ? SignalKind.SECURITY : SignalKind.VULNERABILITY;
    }

    private static void asset(SignalDraft draft, Node e, List<Node> resources) {
        Node device = e.get("device");
        draft.hostname(Texts.first(device.text("hostname"), device.text("name")))
                .ip(device.text("ip"));
        if (!resources.isEmpty()) {
            Node resource = resources.get(0);
            draft.cloudResourceId(resource.text("uid"));
            draft.service(resource.path("group").text("name"));
            if (resource.text("uid") == null) {
                draft.label("resource.name", resource.text("name"));
            }
            draft.label("resource.type", resource.text("type"));
        }
        draft.label("cloud.provider", e.path("cloud").text("provider"))
                .label("cloud.region", e.path("cloud").text("region"))
                .label("cloud.account.uid", e.path("cloud", "account").text("uid"));
    }

    private static void observables(Observables o, Node e) {
        for (Node observable : e.array("observables")) {
            Integer typeId = observable.integer("type_id");
            ObservableType type = typeId == null ? null : OBSERVABLE_TYPES.get(typeId);
            String value = observable.text("value");
            String name = observable.text("name");
            if (type == ObservableType.IP) {
                o.ip(value, name);
            } else {
                o.add(type == null ? ObservableType.OTHER : type, value, name);
            }
        }
        for (Node evidence : e.array("evidences")) {
            o.ip(evidence.path("src_endpoint").text("ip"), "evidences[].src_endpoint.ip");
            o.ip(evidence.path("dst_endpoint").text("ip"), "evidences[].dst_endpoint.ip");
            o.add(ObservableType.USER, evidence.path("actor", "user").text("name"), "evidences[].actor.user.name");
        }
        o.ip(e.path("src_endpoint").text("ip"), "src_endpoint.ip").ip(e.path("dst_endpoint").text("ip"), "dst_endpoint.ip");
    }

    private static void attacks(SignalDraft draft, List<Node> attacks) {
        for (Node attack : attacks) {
            Node tactic = attack.get("tactic");
            String tacticRef = Texts.first(tactic.text("uid"), tactic.text("name"));
            if (tacticRef == null && !attack.array("tactics").isEmpty()) {
                Node first = attack.array("tactics").get(0);
                tacticRef = Texts.first(first.text("uid"), first.text("name"));
            }
            Node technique = attack.get("sub_technique").isObject() ? attack.get("sub_technique") : attack.get("technique");
            draft.attack(Attack.of(tacticRef, technique.text("uid"), technique.text("name")));
        }
    }
}
