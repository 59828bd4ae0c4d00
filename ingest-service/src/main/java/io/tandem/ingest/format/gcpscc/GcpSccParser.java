package io.tandem.ingest.format.gcpscc;

import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import io.tandem.ingest.format.support.Attack;
import io.tandem.ingest.format.support.JsonPayload;
import io.tandem.ingest.format.support.Labels;
import io.tandem.ingest.format.support.Node;
import io.tandem.ingest.format.support.Observables;
import io.tandem.ingest.format.support.Severities;
import io.tandem.ingest.format.support.SignalDraft;
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
import java.util.Locale;
import java.util.Set;

/**
 * Google Cloud Security Command Center findings: the Pub/Sub notification ({@code notificationConfigName},
 * {@code finding}, {@code resource}), a bare finding, or a {@code listFindings} answer ({@code listFindingsResults[]}).
 * <ul>
 * <li>severity: {@code severity} CRITICAL→5, HIGH→4, MEDIUM→3, LOW→2, SEVERITY_UNSPECIFIED→0; older Security Health
 *     Analytics findings carry it only as {@code sourceProperties.SeverityLevel} (High/Medium/Low);</li>
 * <li>status: {@code state} INACTIVE → resolved, ACTIVE → firing;</li>
 * <li>fingerprint: the finding {@code name}; id: name + {@code eventTime} (+ state);</li>
 * <li>kind from {@code findingClass}: THREAT→security, VULNERABILITY→vulnerability,
 *     MISCONFIGURATION/POSTURE_VIOLATION→configuration-change, SCC_ERROR→operational, else security; without a
 *     class, Security Health Analytics scanner findings ({@code sourceProperties.ScannerName}) are
 *     configuration-change;</li>
 * <li>ATT&CK from {@code mitreAttack} (primary and additional tactics and techniques);
 *     CVE/CVSS from {@code vulnerability.cve}.</li>
 * </ul>
 */
public final class GcpSccParser implements FormatParser {

    public static final String ID = "gcp-scc";
    private static final Set<String> MAPPED = Set.of("name", "category", "severity", "state", "eventTime",
            "description", "sourceProperties", "resource", "mitreAttack", "vulnerability", "indicator", "access",
            "connections", "securityMarks");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Google Cloud Security Command Center findings (Pub/Sub notification or bare finding)";
    }

    @Override
    public String example() {
        return """
                {"notificationConfigName":"organizations/123/notificationConfigs/tandem","finding":{"name":"organizations/123/sources/456/findings/abc123","parent":"organizations/123/sources/456","resourceName":"//compute.googleapis.com/projects/shop-prod/zones/europe-west1-b/instances/987","state":"ACTIVE","category":"Execution: Cryptocurrency Mining Hash Match","eventTime":"2024-05-01T10:00:00Z","createTime":"2024-05-01T10:00:05Z","severity":"CRITICAL","findingClass":"THREAT","mitreAttack":{"primaryTactic":"EXECUTION","primaryTechniques":["COMMAND_AND_SCRIPTING_INTERPRETER"]},"indicator":{"ipAddresses":["198.51.100.30"],"domains":["pool.mine.example"]},"access":{"principalEmail":"svc@shop-prod.iam.gserviceaccount.com","callerIp":"203.0.113.4"}},"resource":{"name":"//compute.googleapis.com/projects/shop-prod/zones/europe-west1-b/instances/987","displayName":"web-1","projectDisplayName":"shop-prod","type":"google.compute.Instance"}}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        Node root = JsonPayload.one(payload);
        List<Signal> signals = new ArrayList<>();
        for (Node item : JsonPayload.itemsOf(root)) {
            item.expectObject("an SCC notification or finding");
            if (item.has("listFindingsResults")) {
                for (Node result : item.requireArray("listFindingsResults")) {
                    signals.add(map(result.requireObject("finding"), result.get("resource"), context).build(context));
                }
            } else if (item.has("finding") || item.has("notificationConfigName")) {
                signals.add(map(item.requireObject("finding"), item.get("resource"), context)
                        .label("scc.notificationConfigName", item.text("notificationConfigName")).build(context));
            } else {
                signals.add(map(item, item.get("resource"), context).build(context));
            }
        }
        if (signals.isEmpty()) {
            throw root.error("no finding in the payload");
        }
        return signals;
    }

    private static SignalDraft map(Node f, Node notificationResource, ParseContext context) {
        Node resource = notificationResource.isObject() ? notificationResource : f.get("resource");
        String name = f.requireText("name");
        String category = f.requireText("category");
        String state = f.text("state");
        Instant eventTime = Times.field(f, "eventTime");
        SignalStatus status = "INACTIVE".equalsIgnoreCase(state) ? SignalStatus.RESOLVED : SignalStatus.FIRING;
        Node properties = f.get("sourceProperties");
        Severity severity = Severities.fromWord(f.text("severity"));
        if (severity == null || severity.equals(Severity.UNKNOWN)) {
            Severity legacy = Severities.fromWord(properties.text("SeverityLevel"));
            severity = legacy != null ? legacy : severity;
        }
        SignalDraft draft = new SignalDraft(ID)
                .title(category.replace('_', ' '))
                .category(category)
                .description(Texts.first(f.text("description"), properties.text("Explanation")))
                .severity(severity)
                .status(status)
                .kind(kind(f.text("findingClass"), properties.text("ScannerName")))
                .fingerprint(name)
                .eventId(name)
                .idKey(name + "|" + (eventTime == null ? "" : eventTime) + "|" + status.wire())
                .observedAt(eventTime, Times.field(f, "createTime"))
                .cloudResourceId(Texts.first(f.text("resourceName"), resource.text("name")))
                .hostname(Texts.first(resource.text("displayName"), resource.text("display_name"),
                        f.text("assetDisplayName")))
                .raw(f.raw());
        draft.label("gcp.project", Texts.first(resource.text("projectDisplayName"), resource.text("project_display_name"),
                properties.text("ProjectId")));
        draft.label("gcp.resourceType", resource.text("type"));

        Node mitre = f.get("mitreAttack");
        List<String> tactics = new ArrayList<>();
        if (mitre.text("primaryTactic") != null) {
            tactics.add(mitre.text("primaryTactic"));
        }
        tactics.addAll(mitre.texts("additionalTactics"));
        List<String> techniques = new ArrayList<>(mitre.texts("primaryTechniques"));
        techniques.addAll(mitre.texts("additionalTechniques"));
        String primaryTactic = tactics.isEmpty() ? null : tactics.get(0);
        techniques.forEach(t -> draft.attack(Attack.of(primaryTactic, null, pretty(t))));
        if (techniques.isEmpty()) {
            tactics.forEach(t -> draft.attack(Attack.tacticOrName(t)));
        }
        Node cve = f.path("vulnerability", "cve");
        draft.cve(cve.text("id"));
        draft.cvss(cve.path("cvssv3").number("baseScore"), null);

        Observables o = draft.observables();
        f.path("indicator").texts("ipAddresses").forEach(ip -> o.ip(ip, "indicator.ipAddresses"));
        f.path("indicator").texts("domains").forEach(d -> o.host(d, "indicator.domains"));
        o.ip(f.path("access").text("callerIp"), "access.callerIp");
        o.add(ObservableType.EMAIL, f.path("access").text("principalEmail"), "access.principalEmail");
        for (Node connection : f.array("connections")) {
            o.ip(connection.text("destinationIp"), "connections.destinationIp");
            o.ip(connection.text("sourceIp"), "connections.sourceIp");
        }
        for (Node file : f.array("files")) {
            o.add(ObservableType.FILE_HASH, file.text("sha256"), "files.sha256");
            o.add(ObservableType.FILE, file.text("path"), "files.path");
        }
        for (Node process : f.array("processes")) {
            o.add(ObservableType.PROCESS, process.path("binary").text("path"), "processes.binary.path");
        }
        properties.get("ExternalSourceRanges").elements().forEach(r -> o.guess(r.text(), "sourceProperties.ExternalSourceRanges"));
        Labels.flattenExcept(f, "", MAPPED, draft.labels());
        Labels.flatten(properties, "sourceProperties", draft.labels());
        Labels.flatten(f.path("securityMarks", "marks"), "securityMarks", draft.labels());
        return draft;
    }

    /** Without a findingClass (older findings), Security Health Analytics scanners report misconfigurations. */
    private static SignalKind kind(String findingClass, String scanner) {
        if (findingClass == null) {
            return scanner != null ? SignalKind.CONFIGURATION_CHANGE : SignalKind.SECURITY;
        }
        return switch (findingClass.toUpperCase(Locale.ROOT)) {
            case "VULNERABILITY" -> SignalKind.VULNERABILITY;
            case "MISCONFIGURATION", "POSTURE_VIOLATION" -> SignalKind.CONFIGURATION_CHANGE;
            case "SCC_ERROR" -> SignalKind.OPERATIONAL;
            default -> SignalKind.SECURITY;
        };
    }

    /** SCC writes ATT&CK names as enum constants ({@code COMMAND_AND_SCRIPTING_INTERPRETER}). */
    private static String pretty(String constant) {
        String lower = constant.replace('_', ' ').toLowerCase(Locale.ROOT);
        return lower.isEmpty() ? lower : Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
