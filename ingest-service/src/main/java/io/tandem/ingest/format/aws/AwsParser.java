package io.tandem.ingest.format.aws;

import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import io.tandem.ingest.format.ParseException;
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

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * AWS security findings: AWS Security Finding Format (ASFF) findings from Security Hub, alone, as a
 * {@code {"Findings":[...]}} batch or inside the EventBridge event "Security Hub Findings - Imported"
 * ({@code detail.findings[]}); and native GuardDuty findings, bare or inside the EventBridge event
 * "GuardDuty Finding" ({@code detail}).
 * <p>ASFF:
 * <ul>
 * <li>severity: {@code Severity.Label} (else {@code FindingProviderFields.Severity.Label}) INFORMATIONAL→1, LOW→2,
 *     MEDIUM→3, HIGH→4, CRITICAL→5; else {@code Severity.Normalized} 0→1, 1-39→2, 40-69→3, 70-89→4, 90-100→5;</li>
 * <li>status: resolved when {@code Workflow.Status} (or {@code WorkflowState}) is RESOLVED, {@code RecordState} is
 *     ARCHIVED or {@code Compliance.Status} is PASSED; else firing;</li>
 * <li>fingerprint: {@code Id}; id: {@code Id} + {@code UpdatedAt} (each update of a finding is a new signal);</li>
 * <li>kind: vulnerability (Vulnerabilities, "Vulnerabilities" types, Inspector), configuration-change
 *     (Compliance, "Software and Configuration Checks", AWS Config), operational (AWS Health), else security;</li>
 * <li>ATT&CK: the tactic in "TTPs/&lt;tactic&gt;/..." types; CVE/CVSS from {@code Vulnerabilities}.</li>
 * </ul>
 * GuardDuty native: severity 1.0-3.9→2 Low, 4.0-6.9→3 Medium, 7.0-8.9→4 High, 9.0-10→5 Critical; resolved when
 * {@code service.archived}; fingerprint {@code arn} (else {@code id}); id: arn + {@code updatedAt}.
 */
public final class AwsParser implements FormatParser {

    public static final String ID = "aws";
    private static final Set<String> ASFF_MAPPED = Set.of("Title", "Description", "Severity", "Resources",
            "Vulnerabilities", "ProductFields", "FindingProviderFields", "Network", "Process", "ThreatIntelIndicators");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "AWS Security Hub ASFF findings (single, batch, EventBridge) and GuardDuty findings (native, EventBridge)";
    }

    @Override
    public String example() {
        return """
                {"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"GuardDuty Finding","source":"aws.guardduty","account":"123456789012","time":"2024-05-01T10:00:00Z","region":"us-east-1","resources":[],
                 "detail":{"schemaVersion":"2.0","accountId":"123456789012","region":"us-east-1","partition":"aws","id":"1ab2c3d4e5f6","arn":"arn:aws:guardduty:us-east-1:123456789012:detector/abc/finding/1ab2c3d4e5f6","type":"UnauthorizedAccess:EC2/SSHBruteForce","severity":5,"createdAt":"2024-05-01T09:55:00.000Z","updatedAt":"2024-05-01T10:00:00.000Z","title":"198.51.100.7 is performing SSH brute force attacks against i-0abc.","description":"SSH brute force","resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-0abc","networkInterfaces":[{"privateIpAddress":"10.0.0.12","privateDnsName":"ip-10-0-0-12.ec2.internal"}],"tags":[{"key":"env","value":"prod"}]}},"service":{"serviceName":"guardduty","archived":false,"count":3,"eventFirstSeen":"2024-05-01T09:50:00.000Z","eventLastSeen":"2024-05-01T09:59:00.000Z","action":{"actionType":"NETWORK_CONNECTION","networkConnectionAction":{"connectionDirection":"INBOUND","remoteIpDetails":{"ipAddressV4":"198.51.100.7"}}}}}}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        Node root = JsonPayload.one(payload);
        List<Signal> signals = new ArrayList<>();
        for (Node item : JsonPayload.itemsOf(root)) {
            collect(item.expectObject("an AWS finding or event"), context, signals);
        }
        if (signals.isEmpty()) {
            throw new ParseException("no finding in the payload", root.pointer(), null);
        }
        return signals;
    }

    private static void collect(Node node, ParseContext context, List<Signal> out) {
        if (node.has("detail-type") || (node.has("detail") && node.get("detail").isObject())) {
            Node detail = node.requireObject("detail");
            if (detail.has("findings")) {
                for (Node finding : detail.requireArray("findings")) {
                    out.add(asff(finding.expectObject("an ASFF finding"), context));
                }
            } else {
                out.add(guardDuty(detail, context));
            }
        } else if (node.has("Findings")) {
            for (Node finding : node.requireArray("Findings")) {
                out.add(asff(finding.expectObject("an ASFF finding"), context));
            }
        } else if (node.has("SchemaVersion") || node.has("ProductArn")) {
            out.add(asff(node, context));
        } else if (node.has("schemaVersion") || node.has("service")) {
            out.add(guardDuty(node, context));
        } else {
            throw new ParseException("not an AWS finding: expected ASFF (/SchemaVersion, /Id), a batch (/Findings), "
                    + "a GuardDuty finding (/schemaVersion) or an EventBridge event (/detail)", node.pointer()
                    + (node.pointer().endsWith("/") ? "" : "/") + "SchemaVersion", null);
        }
    }

    private static Signal asff(Node f, ParseContext context) {
        String id = f.requireText("Id");
        String title = f.requireText("Title");
        List<String> types = f.texts("Types");
        if (types.isEmpty()) {
            types = f.path("FindingProviderFields").texts("Types");
        }
        String product = Texts.first(f.text("ProductName"), f.path("ProductFields").text("aws/securityhub/ProductName"));
        String updated = f.text("UpdatedAt");
        SignalDraft draft = new SignalDraft(ID)
                .title(title)
                .description(f.text("Description"))
                .category(types.isEmpty() ? null : types.get(0))
                .severity(asffSeverity(f))
                .status(asffStatus(f))
                .kind(asffKind(f, types, product))
                .fingerprint(id)
                .eventId(id)
                .idKey(id + "|" + (updated == null ? "" : updated))
                .observedAt(Times.field(f, "LastObservedAt"), Times.field(f, "UpdatedAt"), Times.field(f, "CreatedAt"))
                .raw(f.raw());
        for (String type : types) {
            String[] parts = type.split("/");
            if (parts.length >= 2 && parts[0].equals("TTPs")) {
                draft.attack(Attack.tacticOrName(parts[1]));
            }
        }
        List<Node> resources = f.array("Resources");
        if (!resources.isEmpty()) {
            Node resource = resources.get(0);
            draft.cloudResourceId(resource.text("Id"));
            Node ec2 = resource.path("Details", "AwsEc2Instance");
            List<String> ips = ec2.texts("IpV4Addresses");
            draft.ip(ips.stream().filter(Observables::isPrivate).findFirst().orElse(ips.isEmpty() ? null : ips.get(0)));
            Node tags = resource.get("Tags");
            draft.environment(Texts.first(tags.text("environment"), tags.text("Environment"), tags.text("env")));
            draft.service(Texts.first(tags.text("service"), tags.text("Service")));
            draft.label("resource.type", resource.text("Type"));
            draft.observables().add(ObservableType.USER,
                    resource.path("Details", "AwsIamAccessKey").text("PrincipalName"), "Resources[0].Details.AwsIamAccessKey.PrincipalName");
            for (int i = 1; i < resources.size(); i++) {
                draft.label("resource." + i + ".id", resources.get(i).text("Id"));
            }
        }
        for (Node vulnerability : f.array("Vulnerabilities")) {
            draft.cve(vulnerability.text("Id"));
            for (Node cvss : vulnerability.array("Cvss")) {
                draft.cvss(cvss.number("BaseScore"), cvss.text("BaseVector"));
            }
        }
        Observables o = draft.observables();
        f.path("ProductFields").fields().forEach((key, value) -> {
            draft.label(key, value.text());
            if (key.endsWith("ipAddressV4") || key.endsWith("ipAddressV6")) {
                o.ip(value.text(), "ProductFields." + key);
            }
        });
        Node network = f.get("Network");
        o.ip(network.text("SourceIpV4"), "Network.SourceIpV4").ip(network.text("DestinationIpV4"), "Network.DestinationIpV4");
        o.host(network.text("SourceDomain"), "Network.SourceDomain").host(network.text("DestinationDomain"), "Network.DestinationDomain");
        o.add(ObservableType.PROCESS, f.path("Process").text("Name"), "Process.Name");
        for (Node indicator : f.array("ThreatIntelIndicators")) {
            String type = String.valueOf(indicator.text("Type")).toUpperCase(Locale.ROOT);
            String value = indicator.text("Value");
            if (type.startsWith("IPV")) {
                o.ip(value, "ThreatIntelIndicators.Value");
            } else if (type.equals("DOMAIN")) {
                o.host(value, "ThreatIntelIndicators.Value");
            } else if (type.equals("URL")) {
                o.add(ObservableType.URL, value, "ThreatIntelIndicators.Value");
            } else if (type.startsWith("HASH")) {
                o.add(ObservableType.FILE_HASH, value, "ThreatIntelIndicators.Value");
            } else {
                o.guess(value, "ThreatIntelIndicators.Value");
            }
        }
        Labels.flattenExcept(f, "", ASFF_MAPPED, draft.labels());
        return draft.build(context);
    }

    private static Severity asffSeverity(Node f) {
        for (Node severity : List.of(f.get("Severity"), f.path("FindingProviderFields", "Severity"))) {
            String label = severity.text("Label");
            if (label != null) {
                Severity mapped = Severities.fromWord(label);
                if (mapped != null) {
                    return mapped;
                }
            }
        }
        Double normalized = f.path("Severity").number("Normalized");
        if (normalized == null || normalized < 0 || normalized > 100) {
            return Severity.UNKNOWN;
        }
        if (normalized == 0) {
            return Severity.INFORMATIONAL;
        }
        return normalized < 40 ? Severity.LOW : normalized < 70 ? Severity.MEDIUM
                : normalized < 90 ? Severity.HIGH : Severity.CRITICAL;
    }

    private static SignalStatus asffStatus(Node f) {
        boolean resolved = "RESOLVED".equalsIgnoreCase(f.path("Workflow").text("Status"))
                || "RESOLVED".equalsIgnoreCase(f.text("WorkflowState"))
                || "ARCHIVED".equalsIgnoreCase(f.text("RecordState"))
                || "PASSED".equalsIgnoreCase(f.path("Compliance").text("Status"));
        return resolved ? SignalStatus.RESOLVED : SignalStatus.FIRING;
    }

    private static SignalKind asffKind(Node f, List<String> types, String product) {
        String joined = String.join(" ", types);
        if (f.get("Vulnerabilities").isArray() || joined.contains("Vulnerabilities") || "Inspector".equals(product)) {
            return SignalKind.VULNERABILITY;
        }
        if ("Health".equals(product)) {
            return SignalKind.OPERATIONAL;
        }
        if (joined.contains("TTPs") || joined.contains("Effects") || joined.contains("Unusual Behaviors")
                || joined.contains("Sensitive Data Identifications")) {
            return SignalKind.SECURITY;
        }
        if (f.get("Compliance").isObject() || joined.contains("Software and Configuration Checks")
                || "Config".equals(product)) {
            return SignalKind.CONFIGURATION_CHANGE;
        }
        return SignalKind.SECURITY;
    }

    private static Signal guardDuty(Node f, ParseContext context) {
        String id = f.requireText("id");
        String type = f.requireText("type");
        String arn = f.text("arn");
        Node service = f.get("service");
        Node instance = f.path("resource", "instanceDetails");
        String updated = f.text("updatedAt");
        SignalDraft draft = new SignalDraft(ID)
                .title(Texts.first(f.text("title"), type))
                .description(f.text("description"))
                .category(type)
                .severity(guardDutySeverity(f.decimal("severity")))
                .status(Boolean.TRUE.equals(service.bool("archived")) ? SignalStatus.RESOLVED : SignalStatus.FIRING)
                .kind(SignalKind.SECURITY)
                .fingerprint(Texts.first(arn, id))
                .eventId(Texts.first(arn, id))
                .idKey(Texts.first(arn, id) + "|" + (updated == null ? "" : updated))
                .observedAt(Times.field(service, "eventLastSeen"), Times.field(f, "updatedAt"), Times.field(f, "createdAt"))
                .cloudResourceId(instance.text("instanceId"))
                .label("aws.accountId", f.text("accountId"))
                .label("aws.region", f.text("region"))
                .label("guardduty.type", type)
                .label("guardduty.resourceType", f.path("resource").text("resourceType"))
                .label("guardduty.count", service.text("count"))
                .label("guardduty.actionType", service.path("action").text("actionType"))
                .raw(f.raw());
        for (Node tag : instance.array("tags")) {
            String key = tag.text("key");
            if (key != null) {
                draft.label("tag." + key, tag.text("value"));
                if (key.equalsIgnoreCase("env") || key.equalsIgnoreCase("environment")) {
                    draft.environment(tag.text("value"));
                }
            }
        }
        Node action = service.get("action");
        Observables o = draft.observables();
        for (Map.Entry<String, Node> entry : action.fields().entrySet()) {
            Node detail = entry.getValue();
            o.ip(detail.path("remoteIpDetails").text("ipAddressV4"), "service.action." + entry.getKey() + ".remoteIpDetails.ipAddressV4");
            o.host(detail.text("domain"), "service.action." + entry.getKey() + ".domain");
            for (Node probe : detail.array("portProbeDetails")) {
                o.ip(probe.path("remoteIpDetails").text("ipAddressV4"), "service.action.portProbeAction.portProbeDetails.remoteIpDetails.ipAddressV4");
            }
        }
        o.add(ObservableType.USER, f.path("resource", "accessKeyDetails").text("userName"), "resource.accessKeyDetails.userName");
        List<Node> interfaces = instance.array("networkInterfaces");
        if (!interfaces.isEmpty()) {
            draft.ip(interfaces.get(0).text("privateIpAddress")).hostname(interfaces.get(0).text("privateDnsName"));
            interfaces.forEach(nic -> o.ip(nic.text("publicIp"), "resource.instanceDetails.networkInterfaces.publicIp"));
        }
        return draft.build(context);
    }

    private static Severity guardDutySeverity(BigDecimal value) {
        if (value == null) {
            return Severity.UNKNOWN;
        }
        double v = value.doubleValue();
        if (v < 1) {
            return Severity.INFORMATIONAL;
        }
        return v < 4 ? Severity.LOW : v < 7 ? Severity.MEDIUM : v < 9 ? Severity.HIGH : Severity.CRITICAL;
    }
}
