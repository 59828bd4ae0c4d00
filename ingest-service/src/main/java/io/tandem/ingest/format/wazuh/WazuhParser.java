package io.tandem.ingest.format.wazuh;

import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Wazuh alerts as written to {@code alerts.json} (one per line) and sent by integrations.
 * <ul>
 * <li>severity ({@code rule.level} 0-15, grouped like the Wazuh dashboard): 0-3→1 Informational, 4-6→2 Low,
 *     7-11→3 Medium, 12-14→4 High, 15→5 Critical;</li>
 * <li>status: always firing;</li>
 * <li>fingerprint: rule id, agent, and the source address or file the rule fired on;</li>
 * <li>id: the alert {@code id} ({@code 1652272159.1549653}) when present, else the content hash;</li>
 * <li>kind: file-integrity ({@code syscheck}) alerts are configuration changes, vulnerability-detector alerts are
 *     vulnerabilities, everything else security;</li>
 * <li>ATT&CK from {@code rule.mitre}; CVE/CVSS from {@code data.vulnerability}.</li>
 * </ul>
 */
public final class WazuhParser implements FormatParser {

    public static final String ID = "wazuh";
    private static final Set<String> MAPPED = Set.of("timestamp", "full_log", "previous_output", "syscheck");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Wazuh alerts (alerts.json lines or integration payloads)";
    }

    @Override
    public String example() {
        return """
                {"timestamp":"2024-05-01T10:00:00.000+0000","rule":{"level":12,"description":"Multiple authentication failures followed by success","id":"40112","mitre":{"id":["T1110"],"tactic":["Credential Access"],"technique":["Brute Force"]},"groups":["authentication_success","attacks"]},"agent":{"id":"003","name":"web-1","ip":"10.0.1.15"},"manager":{"name":"wazuh-manager"},"id":"1714557600.123456","full_log":"Accepted password for admin from 198.51.100.23 port 50022 ssh2","decoder":{"name":"sshd"},"data":{"srcip":"198.51.100.23","dstuser":"admin"},"location":"/var/log/auth.log"}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        List<Signal> signals = new ArrayList<>();
        for (JsonPayload.Document document : JsonPayload.many(payload)) {
            for (Node alert : JsonPayload.itemsOf(document.node())) {
                signals.add(map(alert.expectObject("a Wazuh alert"), context));
            }
        }
        return signals;
    }

    private static Signal map(Node alert, ParseContext context) {
        Node rule = alert.requireObject("rule");
        Integer level = rule.integer("level");
        if (level == null) {
            throw rule.get("level").error("missing or non-numeric rule level");
        }
        Node agent = alert.get("agent");
        Node data = alert.get("data");
        Node syscheck = alert.get("syscheck");
        Node vulnerability = data.get("vulnerability");
        List<String> groups = rule.texts("groups");
        SignalKind kind = syscheck.isObject() || groups.contains("syscheck")
                ? SignalKind.CONFIGURATION_CHANGE
                : vulnerability.isObject() || groups.contains("vulnerability-detector")
                ? SignalKind.VULNERABILITY : SignalKind.SECURITY;
        String alertId = alert.text("id");
        SignalDraft draft = new SignalDraft(ID)
                .title(Texts.first(rule.text("description"), "Wazuh rule " + rule.text("id")))
                .category(groups.isEmpty() ? null : groups.get(0))
                .description(alert.text("full_log"))
                .severity(severity(level))
                .kind(kind)
                .fingerprint(SignalIds.hash(rule.text("id"), Texts.first(agent.text("id"), agent.text("name")),
                        Texts.first(data.text("srcip"), syscheck.text("path"), alert.text("location"))))
                .eventId(alertId)
                .idKey(alertId != null ? alertId : SignalIds.contentHash(alert.json()))
                .observedAt(Times.field(alert, "timestamp"))
                .hostname(agent.text("name"))
                .ip(agent.text("ip"))
                .raw(alert.raw());

        Node mitre = rule.get("mitre");
        List<String> ids = mitre.texts("id");
        List<String> techniques = mitre.texts("technique");
        List<String> tactics = mitre.texts("tactic");
        for (int i = 0; i < ids.size(); i++) {
            String tactic = tactics.size() == ids.size() ? tactics.get(i) : tactics.size() == 1 ? tactics.get(0) : null;
            draft.attack(Attack.of(tactic, ids.get(i), i < techniques.size() ? techniques.get(i) : null));
        }
        if (ids.isEmpty()) {
            tactics.forEach(t -> draft.attack(Attack.tacticOrName(t)));
        }
        draft.cve(vulnerability.text("cve"));
        Node cvss3 = vulnerability.path("cvss", "cvss3");
        draft.cvss(cvss3.number("base_score") != null ? cvss3.number("base_score")
                : vulnerability.path("score").number("base"), cvss3.text("vector"));

        Observables o = draft.observables();
        o.ip(data.text("srcip"), "data.srcip").ip(data.text("dstip"), "data.dstip");
        o.add(ObservableType.USER, data.text("srcuser"), "data.srcuser");
        o.add(ObservableType.USER, data.text("dstuser"), "data.dstuser");
        o.add(ObservableType.URL, data.text("url"), "data.url");
        o.add(ObservableType.FILE, syscheck.text("path"), "syscheck.path");
        for (String hash : new String[]{"md5_after", "sha1_after", "sha256_after"}) {
            o.add(ObservableType.FILE_HASH, syscheck.text(hash), "syscheck." + hash);
        }
        Node audit = syscheck.get("audit");
        o.add(ObservableType.USER, audit.path("login_user").text("name"), "syscheck.audit.login_user.name");
        o.add(ObservableType.USER, audit.path("effective_user").text("name"), "syscheck.audit.effective_user.name");
        o.add(ObservableType.PROCESS, audit.path("process").text("name"), "syscheck.audit.process.name");

        Labels.flattenExcept(alert, "", MAPPED, draft.labels());
        Labels.flattenExcept(syscheck, "syscheck", Set.of("diff"), draft.labels());
        return draft.build(context);
    }

    private static Severity severity(int level) {
        if (level <= 3) {
            return Severity.INFORMATIONAL;
        }
        if (level <= 6) {
            return Severity.LOW;
        }
        if (level <= 11) {
            return Severity.MEDIUM;
        }
        return level <= 14 ? Severity.HIGH : Severity.CRITICAL;
    }
}
