package io.tandem.ingest.format.sentinel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import io.tandem.ingest.format.support.SignalIds;
import io.tandem.ingest.format.support.Texts;
import io.tandem.ingest.format.support.Times;
import io.tandem.model.json.Json;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Microsoft Sentinel and Defender XDR: Sentinel incidents as the Security Insights REST API returns them
 * ({@code {id, name, properties:{...}}}) or as the Azure SDK serializes them (snake_case), Microsoft Graph security
 * alerts and incidents ({@code alerts_v2}, camelCase, with {@code evidence[]}), Defender XDR streaming records
 * ({@code {time, category: "AdvancedHunting-...", properties}}) and Log Analytics {@code SecurityAlert} rows; also
 * arrays and {@code {"value":[...]}} lists of them. Field names are read in camelCase, snake_case or PascalCase.
 * <ul>
 * <li>severity: High→4, Medium→3, Low→2, Informational→1, else 0 Unknown;</li>
 * <li>status: Closed, Resolved, Dismissed → resolved; New, Active, InProgress → firing;</li>
 * <li>fingerprint: the incident's resource id (or name), the alert id, or the streaming record's {@code AlertId};
 *     id: that id + last-modified time, or the record's content hash;</li>
 * <li>ATT&CK: tactics ({@code tactics}, {@code Categories}), techniques ({@code mitreTechniques},
 *     {@code AttackTechniques} "Name (T1234)").</li>
 * </ul>
 */
public final class SentinelParser implements FormatParser {

    private static final java.util.regex.Pattern CAMEL_HUMP = java.util.regex.Pattern.compile("([a-z0-9])([A-Z])");
    /** Spellings by field name: names come from this class only, and spelling them out per lookup was a hot spot. */
    private static final Map<String, String[]> SPELLINGS = new ConcurrentHashMap<>();

    public static final String ID = "sentinel";
    private static final Set<String> RESOLVED = Set.of("closed", "resolved", "dismissed");
    private static final Set<String> MAPPED = Set.of("title", "Title", "displayName", "description", "severity",
            "Severity", "status", "AdditionalFields", "evidence", "additionalData", "additional_data", "owner");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Microsoft Sentinel incidents and Defender XDR / Microsoft Graph security alerts";
    }

    @Override
    public String example() {
        return """
                {"id":"da637551227677560813_-961444813","providerAlertId":"da637551227677560813_-961444813","incidentId":"28282","status":"new","severity":"high","classification":null,"determination":null,"serviceSource":"microsoftDefenderForEndpoint","detectionSource":"antivirus","title":"Suspicious execution of hidden file","description":"A hidden file has been launched.","category":"DefenseEvasion","createdDateTime":"2024-05-01T10:00:00Z","lastUpdateDateTime":"2024-05-01T10:05:00Z","mitreTechniques":["T1564.001"],"evidence":[{"@odata.type":"#microsoft.graph.security.deviceEvidence","deviceDnsName":"laptop-7.contoso.com","mdeDeviceId":"abc"},{"@odata.type":"#microsoft.graph.security.userEvidence","userAccount":{"accountName":"jdoe","userPrincipalName":"jdoe@contoso.com"}},{"@odata.type":"#microsoft.graph.security.ipEvidence","ipAddress":"203.0.113.77"},{"@odata.type":"#microsoft.graph.security.fileEvidence","fileDetails":{"fileName":"x.exe","sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}}]}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        Node root = JsonPayload.one(payload);
        List<Node> items = root.isObject() && root.get("value").isArray() ? root.array("value") : JsonPayload.itemsOf(root);
        if (items.isEmpty()) {
            throw root.error("no incident or alert in the payload");
        }
        List<Signal> signals = new ArrayList<>();
        for (Node item : items) {
            signals.add(map(item.expectObject("a Sentinel incident or alert"), context));
        }
        return signals;
    }

    private static Signal map(Node root, ParseContext context) {
        Node p = root.get("properties").isObject() ? root.get("properties") : root;
        String title = text(p, "title", "displayName", "alertName", "alertDisplayName");
        String alertId = text(p, "alertId", "systemAlertId");
        String id = Texts.first(root.text("id"), alertId, root.text("name"), text(p, "providerAlertId"));
        boolean streaming = String.valueOf(root.text("category")).startsWith("AdvancedHunting");
        if (title == null && id == null) {
            throw new ParseException("not a Sentinel incident or alert: missing required field "
                    + p.pointer() + "/title (and no id)", p.get("title").pointer(), null);
        }
        String status = text(p, "status");
        Instant modified = time(p, "lastModifiedTimeUtc", "lastUpdateDateTime", "timestamp", "timeGenerated",
                "createdTimeUtc", "createdDateTime");
        Severity severity = Severities.fromWord(text(p, "severity", "alertSeverity"));
        String fingerprint = streaming ? Texts.first(alertId, id) : id;
        SignalDraft draft = new SignalDraft(ID)
                .title(Texts.first(title, root.text("category"), id))
                .description(text(p, "description"))
                .category(Texts.first(text(p, "category"), streaming ? root.text("category") : null))
                .severity(severity == null ? Severity.UNKNOWN : severity)
                .status(status != null && RESOLVED.contains(status.toLowerCase(Locale.ROOT))
                        ? SignalStatus.RESOLVED : SignalStatus.FIRING)
                .kind(SignalKind.SECURITY)
                .fingerprint(fingerprint != null ? fingerprint : SignalIds.hash(title))
                .eventId(streaming ? null : id)
                .idKey(streaming || id == null ? SignalIds.contentHash(root.json())
                        : id + "|" + (modified == null ? "" : modified) + "|" + status)
                .observedAt(modified, Times.field(root, "time"))
                .raw(root.raw());
        draft.label("sentinel.incidentNumber", text(p, "incidentNumber"))
                .label("sentinel.classification", text(p, "classification"))
                .label("sentinel.classificationReason", text(p, "classificationReason"))
                .label("sentinel.incidentUrl", text(p, "incidentUrl"))
                .label("sentinel.owner", text(p.get(variant(p, "owner")), "assignedTo", "userPrincipalName"))
                .label("sentinel.status", status)
                .label("sentinel.category", root.text("category"));
        attack(draft, p);
        observables(draft, p);
        Labels.flattenExcept(p, "", MAPPED, draft.labels());
        return draft.build(context);
    }

    private static void attack(SignalDraft draft, Node p) {
        Node additional = p.get(variant(p, "additionalData"));
        List<String> tactics = new ArrayList<>(additional.texts(variant(additional, "tactics")));
        tactics.addAll(p.texts(variant(p, "tactics")).stream().flatMap(t -> List.of(t.split(",")).stream()).toList());
        tactics.addAll(jsonStrings(text(p, "categories")));
        tactics.forEach(t -> draft.attack(Attack.tacticOrName(t.trim())));
        draft.attack(Attack.tactic(text(p, "category")));
        p.texts(variant(p, "mitreTechniques")).forEach(t -> draft.attack(Attack.of(null, t, null)));
        p.texts(variant(p, "techniques")).forEach(t -> draft.attack(Attack.of(null, t, null)));
        jsonStrings(text(p, "attackTechniques")).forEach(t -> Attack.techniquesIn(t).forEach(draft::attack));
    }

    private static void observables(SignalDraft draft, Node p) {
        Observables o = draft.observables();
        o.add(ObservableType.FILE_HASH, text(p, "sha1"), "SHA1").add(ObservableType.FILE_HASH, text(p, "sha256"), "SHA256");
        o.ip(text(p, "remoteIP"), "RemoteIP").ip(text(p, "localIP"), "LocalIP");
        o.add(ObservableType.URL, text(p, "remoteUrl"), "RemoteUrl");
        o.add(ObservableType.USER, text(p, "accountName"), "AccountName").add(ObservableType.USER, text(p, "accountUpn"), "AccountUpn");
        o.add(ObservableType.FILE, text(p, "fileName"), "FileName");
        o.add(ObservableType.PROCESS, text(p, "processCommandLine"), "ProcessCommandLine");
        draft.hostname(Texts.first(text(p, "deviceName"), text(p, "compromisedEntity")));

        JsonNode additional = parseJsonString(text(p, "additionalFields"));
        if (additional != null) {
            Node fields = Node.at(additional, p.get("AdditionalFields").pointer());
            draft.hostname(Texts.first(draft.hostname(), findText(fields, "HostName")));
            Node account = fields.get("Account");
            o.add(ObservableType.USER, account.text("Name"), "AdditionalFields.Account.Name");
            o.add(ObservableType.USER, account.text("UserPrincipalName"), "AdditionalFields.Account.UserPrincipalName");
            o.add(ObservableType.PROCESS, fields.text("CommandLine"), "AdditionalFields.CommandLine");
            for (Node hash : fields.path("ImageFile").array("FileHashes")) {
                o.add(ObservableType.FILE_HASH, hash.text("Value"), "AdditionalFields.ImageFile.FileHashes." + hash.text("Algorithm"));
            }
        }
        for (Node evidence : p.array("evidence")) {
            String type = String.valueOf(evidence.text("@odata.type"));
            String kind = type.substring(type.lastIndexOf('.') + 1);
            switch (kind) {
                case "deviceEvidence" -> {
                    draft.hostname(Texts.first(draft.hostname(), evidence.text("deviceDnsName")));
                    o.host(evidence.text("deviceDnsName"), "evidence.deviceDnsName");
                }
                case "ipEvidence" -> o.ip(evidence.text("ipAddress"), "evidence.ipAddress");
                case "userEvidence" -> {
                    o.add(ObservableType.USER, evidence.path("userAccount").text("accountName"), "evidence.userAccount.accountName");
                    o.add(ObservableType.USER, evidence.path("userAccount").text("userPrincipalName"), "evidence.userAccount.userPrincipalName");
                }
                case "fileEvidence" -> {
                    o.add(ObservableType.FILE_HASH, evidence.path("fileDetails").text("sha256"), "evidence.fileDetails.sha256");
                    o.add(ObservableType.FILE_HASH, evidence.path("fileDetails").text("sha1"), "evidence.fileDetails.sha1");
                    o.add(ObservableType.FILE, evidence.path("fileDetails").text("fileName"), "evidence.fileDetails.fileName");
                }
                case "processEvidence" -> o.add(ObservableType.PROCESS, evidence.text("processCommandLine"), "evidence.processCommandLine");
                case "urlEvidence" -> o.add(ObservableType.URL, evidence.text("url"), "evidence.url");
                case "mailboxEvidence" -> o.add(ObservableType.EMAIL, evidence.text("primaryAddress"), "evidence.primaryAddress");
                default -> o.guess(evidence.text("ipAddress"), "evidence.ipAddress");
            }
        }
    }

    /** The value of the first of {@code names} present, each tried in camelCase, snake_case and PascalCase. */
    private static String text(Node node, String... names) {
        for (String name : names) {
            String value = node.text(variant(node, name));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static Instant time(Node node, String... names) {
        for (String name : names) {
            Instant value = Times.field(node, variant(node, name));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The spelling of {@code camel} this object uses; {@code camel} itself when none is present. */
    private static String variant(Node node, String camel) {
        for (String candidate : SPELLINGS.computeIfAbsent(camel, SentinelParser::spellings)) {
            if (node.has(candidate)) {
                return candidate;
            }
        }
        return camel;
    }

    /** camelCase, snake_case, PascalCase and UPPERCASE of a field name. */
    private static String[] spellings(String camel) {
        String snake = CAMEL_HUMP.matcher(camel).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
        String pascal = Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
        return new String[]{camel, snake, pascal, camel.toUpperCase(Locale.ROOT)};
    }

    private static String findText(Node node, String key) {
        if (node.isObject()) {
            String direct = node.text(key);
            if (direct != null) {
                return direct;
            }
            for (Node child : node.fields().values()) {
                String found = findText(child, key);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Defender sends some lists as JSON text ({@code "[\"InitialAccess\"]"}); plain text counts as one item. */
    private static List<String> jsonStrings(String text) {
        if (text == null) {
            return List.of();
        }
        JsonNode parsed = parseJsonString(text);
        if (parsed == null) {
            return List.of(text);
        }
        return Node.root(parsed).elements().stream().map(Node::text).filter(v -> v != null).toList();
    }

    private static JsonNode parseJsonString(String text) {
        if (text == null || !(text.startsWith("{") || text.startsWith("["))) {
            return null;
        }
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
