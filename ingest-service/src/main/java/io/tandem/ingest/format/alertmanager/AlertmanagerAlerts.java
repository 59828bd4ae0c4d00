package io.tandem.ingest.format.alertmanager;

import io.tandem.ingest.format.ParseContext;
import io.tandem.ingest.format.support.Kinds;
import io.tandem.ingest.format.support.Labels;
import io.tandem.ingest.format.support.Node;
import io.tandem.ingest.format.support.Observables;
import io.tandem.ingest.format.support.Severities;
import io.tandem.ingest.format.support.SignalDraft;
import io.tandem.ingest.format.support.Times;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps one Alertmanager-shaped alert (labels, annotations, startsAt, endsAt, generatorURL, fingerprint, status) to a
 * signal; shared by the Alertmanager and Grafana Alerting formats, whose alerts have the same shape.
 *
 * <ul>
 * <li>severity: the {@code severity} (or {@code priority}, {@code level}) label read as a severity word
 *     ({@code critical}→5, {@code error}/{@code high}→4, {@code warning}→3, {@code low}→2, {@code info}→1),
 *     else 0 Unknown;</li>
 * <li>status: the alert's {@code status}; without one, resolved when {@code endsAt} is set and not after the
 *     ingestion time (Alertmanager's own rule), else firing;</li>
 * <li>fingerprint: the alert's {@code fingerprint}, else Prometheus' label-set fingerprint (FNV-1a 64 over the
 *     sorted label pairs), so a bare postable alert and the webhook of the same alert dedup together;</li>
 * <li>id: fingerprint + startsAt + status, so a resolve is a different signal than the fire.</li>
 * </ul>
 */
public final class AlertmanagerAlerts {

    private static final java.util.regex.Pattern PORT = java.util.regex.Pattern.compile("\\d{1,5}");

    private static final Set<String> MAPPED = Set.of("status", "labels", "annotations", "startsAt", "endsAt",
            "fingerprint");
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final int SEPARATOR = 0xff;

    /** The draft for {@code alert}; {@code alert} must be an object with a {@code labels} object. */
    public static SignalDraft map(String format, Node alert, ParseContext context) {
        Node labels = alert.requireObject("labels");
        Node annotations = alert.get("annotations");
        Map<String, String> labelMap = new TreeMap<>();
        labels.fields().forEach((k, v) -> {
            if (v.text() != null) {
                labelMap.put(k, v.text());
            }
        });
        Instant startsAt = Times.field(alert, "startsAt");
        Instant endsAt = Times.field(alert, "endsAt");
        SignalStatus status = status(alert.text("status"), endsAt, context.ingestedAt());
        String fingerprint = alert.text("fingerprint") != null ? alert.text("fingerprint") : fingerprint(labelMap);
        String alertname = labelMap.get("alertname");
        String summary = annotations.text("summary");

        SignalDraft draft = new SignalDraft(format)
                .fingerprint(fingerprint)
                .idKey(fingerprint + "|" + (startsAt == null ? "" : startsAt) + "|" + status.wire())
                .status(status)
                .observedAt(status == SignalStatus.RESOLVED && endsAt != null ? endsAt : startsAt)
                .category(alertname)
                .title(alertname != null && summary != null ? alertname + ": " + summary
                        : alertname != null ? alertname : summary)
                .description(annotations.firstText("description", "message", "summary"))
                .severity(severity(labelMap))
                .kind(kind(labelMap, alertname))
                .raw(alert.raw());
        asset(draft, labelMap);
        labelMap.forEach(draft::label);
        annotations.fields().forEach((k, v) -> draft.label("annotation." + k, v.text()));
        Labels.flattenExcept(alert, format, MAPPED, draft.labels());
        return draft;
    }

    /** Prometheus' {@code model.LabelSet.Fingerprint()}: FNV-1a 64 over sorted name/value pairs, 16 hex digits. */
    public static String fingerprint(Map<String, String> labels) {
        long hash = FNV_OFFSET;
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            hash = add(hash, label.getKey());
            hash = addByte(hash, SEPARATOR);
            hash = add(hash, label.getValue());
            hash = addByte(hash, SEPARATOR);
        }
        return HexFormat.of().toHexDigits(hash);
    }

    static SignalStatus status(String declared, Instant endsAt, Instant now) {
        if ("resolved".equalsIgnoreCase(declared)) {
            return SignalStatus.RESOLVED;
        }
        if ("firing".equalsIgnoreCase(declared)) {
            return SignalStatus.FIRING;
        }
        boolean ended = endsAt != null && now != null && !endsAt.isAfter(now);
        return ended ? SignalStatus.RESOLVED : SignalStatus.FIRING;
    }

    private static Severity severity(Map<String, String> labels) {
        for (String key : new String[]{"severity", "priority", "level"}) {
            Severity severity = Severities.fromWord(labels.get(key));
            if (severity != null) {
                return severity;
            }
        }
        return Severity.UNKNOWN;
    }

    private static SignalKind kind(Map<String, String> labels, String alertname) {
        SignalKind declared = Kinds.fromWord(labels.get("kind"));
        if (declared == null) {
            declared = Kinds.fromWord(labels.get("category"));
        }
        if (declared != null) {
            return declared;
        }
        return Kinds.looksLikeAvailability(alertname) ? SignalKind.AVAILABILITY : SignalKind.OPERATIONAL;
    }

    private static void asset(SignalDraft draft, Map<String, String> labels) {
        String host = first(labels, "hostname", "host", "nodename", "node", "instance");
        String bare = host == null ? null : withoutPort(host);
        if (bare != null && Observables.isIp(bare)) {
            draft.ip(bare);
        } else {
            draft.hostname(bare);
        }
        draft.service(first(labels, "service", "job", "app"));
        draft.environment(first(labels, "environment", "env", "stage"));
        labels.forEach((k, v) -> draft.observables().guess(k.equals("instance") ? withoutPort(v) : v, k));
    }

    private static String first(Map<String, String> labels, String... keys) {
        for (String key : keys) {
            String value = labels.get(key);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** {@code host:9100} and {@code [::1]:9100} without the port; a bare IPv6 address is left whole. */
    static String withoutPort(String instance) {
        String v = instance.trim();
        if (v.startsWith("[") && v.contains("]")) {
            return v.substring(1, v.indexOf(']'));
        }
        int colon = v.lastIndexOf(':');
        if (colon > 0 && v.indexOf(':') == colon && PORT.matcher(v).region(colon + 1, v.length()).matches()) {
            return v.substring(0, colon);
        }
        return v;
    }

    private static long add(long hash, String s) {
        long h = hash;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = addByte(h, b & 0xff);
        }
        return h;
    }

    private static long addByte(long hash, int b) {
        return (hash ^ b) * FNV_PRIME;
    }

    private AlertmanagerAlerts() {
    }
}
