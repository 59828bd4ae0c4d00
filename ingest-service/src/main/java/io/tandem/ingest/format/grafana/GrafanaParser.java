package io.tandem.ingest.format.grafana;

import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.alertmanager.AlertmanagerAlerts;
import io.tandem.ingest.format.support.JsonPayload;
import io.tandem.ingest.format.support.Kinds;
import io.tandem.ingest.format.support.Labels;
import io.tandem.ingest.format.support.Node;
import io.tandem.ingest.format.support.Severities;
import io.tandem.ingest.format.support.SignalDraft;
import io.tandem.ingest.format.support.SignalIds;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Grafana Alerting webhook (unified alerting, {@code version "1"}: Alertmanager-shaped {@code alerts[]} plus
 * {@code values}, {@code silenceURL}, {@code dashboardURL}...), mapped like Alertmanager alerts (see
 * {@link AlertmanagerAlerts}: Grafana's {@code fingerprint}, {@code status} firing/resolved, {@code severity} label),
 * and the legacy dashboard-alert webhook ({@code ruleId}, {@code ruleName}, {@code state}, {@code evalMatches}):
 * <ul>
 * <li>legacy state {@code ok} → resolved; {@code alerting}, {@code no_data}, {@code pending}, {@code paused} →
 *     firing ({@code no_data} is an availability signal);</li>
 * <li>legacy severity: the {@code severity} tag as a severity word, else Unknown;</li>
 * <li>legacy fingerprint: org id + rule id (or rule name); id: the content hash of the payload (it has no time).</li>
 * </ul>
 */
public final class GrafanaParser implements FormatParser {

    public static final String ID = "grafana";
    private static final Set<String> LEGACY_MAPPED = Set.of("ruleId", "ruleName", "title", "state", "message",
            "tags", "evalMatches");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Grafana Alerting webhook contact point (unified alerting, and legacy dashboard alerts)";
    }

    @Override
    public String example() {
        return """
                {"receiver":"tandem","status":"resolved","orgId":1,"version":"1","groupKey":"{}:{alertname=\\"DiskFull\\"}",
                 "alerts":[{"status":"resolved","labels":{"alertname":"DiskFull","instance":"db-1","severity":"warning"},
                 "annotations":{"summary":"Disk above 90% on db-1"},"startsAt":"2024-05-01T10:00:00Z",
                 "endsAt":"2024-05-01T10:20:00Z","generatorURL":"https://grafana.example/alerting/grafana/abc/view",
                 "fingerprint":"0b8a7c6d5e4f3a21","silenceURL":"","dashboardURL":"","panelURL":"","values":{"A":91.2}}],
                 "groupLabels":{"alertname":"DiskFull"},"commonLabels":{},"commonAnnotations":{},
                 "externalURL":"https://grafana.example/","title":"[RESOLVED] DiskFull","state":"ok","message":""}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        Node root = JsonPayload.one(payload).expectObject("a Grafana webhook body");
        if (root.has("alerts")) {
            List<Node> alerts = root.requireArray("alerts");
            if (alerts.isEmpty()) {
                throw new ParseException("no alerts in the payload", "/alerts", null);
            }
            List<Signal> signals = new ArrayList<>();
            for (Node alert : alerts) {
                alert.expectObject("an alert");
                SignalDraft draft = AlertmanagerAlerts.map(ID, alert, context)
                        .label("grafana.receiver", root.text("receiver"))
                        .label("grafana.externalURL", root.text("externalURL"))
                        .label("grafana.groupKey", root.text("groupKey"))
                        .label("grafana.orgId", root.text("orgId"));
                signals.add(draft.build(context));
            }
            return signals;
        }
        if (root.has("ruleId") || root.has("ruleName") || root.has("evalMatches")) {
            return List.of(legacy(root, context));
        }
        throw new ParseException("not a Grafana webhook: missing required field /alerts (or /ruleId for legacy "
                + "alerts)", "/alerts", null);
    }

    private static Signal legacy(Node root, ParseContext context) {
        String state = root.requireText("state");
        String rule = root.firstText("ruleName", "title");
        Node tags = root.get("tags");
        SignalKind kind = Kinds.fromWord(tags.firstText("kind", "category"));
        if (kind == null) {
            kind = "no_data".equalsIgnoreCase(state) || Kinds.looksLikeAvailability(rule)
                    ? SignalKind.AVAILABILITY : SignalKind.OPERATIONAL;
        }
        Severity severity = Severities.fromWord(tags.text("severity"));
        SignalDraft draft = new SignalDraft(ID)
                .fingerprint("legacy:" + root.text("orgId") + ":" + root.firstText("ruleId", "ruleName", "title"))
                .idKey(SignalIds.contentHash(root.json()))
                .status("ok".equalsIgnoreCase(state) ? SignalStatus.RESOLVED : SignalStatus.FIRING)
                .title(rule)
                .category(root.text("ruleName"))
                .description(root.text("message"))
                .severity(severity == null ? Severity.UNKNOWN : severity)
                .kind(kind)
                .label("grafana.state", state)
                .raw(root.raw());
        tags.fields().forEach((k, v) -> draft.label(k, v.text()));
        for (Node match : root.array("evalMatches")) {
            String metric = match.text("metric");
            draft.label("evalMatch." + (metric == null ? "value" : metric), match.text("value"));
            match.get("tags").fields().forEach((k, v) -> {
                draft.label(k, v.text());
                draft.observables().guess(v.text(), k);
            });
        }
        Labels.flattenExcept(root, "grafana", LEGACY_MAPPED, draft.labels());
        return draft.build(context);
    }
}
