package io.tandem.ingest.format.alertmanager;

import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.support.JsonPayload;
import io.tandem.ingest.format.support.Node;
import io.tandem.ingest.format.support.SignalDraft;
import io.tandem.model.signal.Signal;

import java.util.ArrayList;
import java.util.List;

/**
 * Prometheus Alertmanager: the {@code webhook_config} payload (version 4: {@code alerts[]} with group metadata), the
 * body of {@code POST /api/v2/alerts} (an array of postable alerts, as Prometheus sends when Tandem is its
 * Alertmanager), and a single postable alert object. One signal per alert; the mapping is in
 * {@link AlertmanagerAlerts}.
 */
public final class AlertmanagerParser implements FormatParser {

    public static final String ID = "alertmanager";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Prometheus Alertmanager webhook (v4) or POST /api/v2/alerts postable alerts";
    }

    @Override
    public String example() {
        return """
                {"version":"4","groupKey":"{}:{alertname=\\"InstanceDown\\"}","status":"firing","receiver":"tandem",
                 "groupLabels":{"alertname":"InstanceDown"},"commonLabels":{"alertname":"InstanceDown"},
                 "commonAnnotations":{},"externalURL":"http://alertmanager:9093","truncatedAlerts":0,
                 "alerts":[{"status":"firing","labels":{"alertname":"InstanceDown","instance":"10.0.4.12:9100",
                 "job":"node","severity":"critical"},"annotations":{"summary":"Instance 10.0.4.12:9100 down"},
                 "startsAt":"2024-05-01T10:00:00Z","endsAt":"0001-01-01T00:00:00Z",
                 "generatorURL":"http://prometheus:9090/graph?g0.expr=up%3D%3D0","fingerprint":"5f3b6a1c0d9e8f27"}]}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        Node root = JsonPayload.one(payload);
        List<Node> alerts;
        Node envelope = null;
        if (root.isArray()) {
            alerts = root.elements();
        } else if (root.isObject() && root.has("alerts")) {
            alerts = root.requireArray("alerts");
            envelope = root;
        } else if (root.isObject() && root.has("labels")) {
            alerts = List.of(root);
        } else {
            throw new ParseException("not an Alertmanager payload: missing required field /alerts (webhook) or "
                    + "an array of alerts with labels (API v2)", "/alerts", null);
        }
        if (alerts.isEmpty()) {
            throw new ParseException("no alerts in the payload", root.isArray() ? "/" : "/alerts", null);
        }
        List<Signal> signals = new ArrayList<>(alerts.size());
        for (Node alert : alerts) {
            alert.expectObject("an alert");
            SignalDraft draft = AlertmanagerAlerts.map(ID, alert, context);
            if (envelope != null) {
                draft.label("alertmanager.receiver", envelope.text("receiver"))
                        .label("alertmanager.groupKey", envelope.text("groupKey"))
                        .label("alertmanager.externalURL", envelope.text("externalURL"))
                        .label("alertmanager.groupStatus", envelope.text("status"));
            }
            signals.add(draft.build(context));
        }
        return signals;
    }
}
