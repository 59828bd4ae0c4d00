package io.tandem.ingest.format.datadog;

import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.support.JsonPayload;
import io.tandem.ingest.format.support.Kinds;
import io.tandem.ingest.format.support.Node;
import io.tandem.ingest.format.support.Observables;
import io.tandem.ingest.format.support.Severities;
import io.tandem.ingest.format.support.SignalDraft;
import io.tandem.ingest.format.support.SignalIds;
import io.tandem.ingest.format.support.Texts;
import io.tandem.ingest.format.support.Times;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Datadog Webhooks integration payloads. The body is a user template over Datadog's variables ({@code $ID},
 * {@code $EVENT_TITLE}, {@code $ALERT_TRANSITION}, {@code $ALERT_TYPE}, {@code $ALERT_PRIORITY}, {@code $DATE},
 * {@code $ALERT_ID}, {@code $AGGREG_KEY}, {@code $TAGS}, {@code $HOSTNAME}...), so fields are read under their
 * conventional names and a value still reading {@code $VARIABLE} (unrendered) counts as absent.
 * <ul>
 * <li>severity: {@code alert_priority} / {@code priority} P1-P5 (5..1), else a {@code severity} word, else
 *     {@code alert_type} error→4 High, warning→3 Medium, info and success→1 Informational, else 0 Unknown;</li>
 * <li>status: resolved when {@code alert_transition} is Recovered, {@code alert_type} is success, or the title
 *     starts with [Recovered]; else firing;</li>
 * <li>fingerprint: {@code aggreg_key}, else the monitor ({@code alert_id}/{@code monitor_id}) and its scope, so a
 *     monitor's trigger and recovery share it; else the title without its [Transition] prefix;</li>
 * <li>id: the event {@code id}, else the content hash; observedAt: {@code date} / {@code last_updated}.</li>
 * </ul>
 */
public final class DatadogParser implements FormatParser {

    public static final String ID = "datadog";
    private static final Pattern TITLE_TAGS = Pattern.compile("^(\\[[^]]*]\\s*)+");
    private static final Set<String> KNOWN = Set.of("id", "title", "body", "event_type", "alert_transition",
            "alert_type", "alert_id", "date", "last_updated", "aggreg_key", "event_title", "event_msg");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Datadog Webhooks integration payloads (monitor alerts and recoveries)";
    }

    @Override
    public String example() {
        return """
                {"id":"7429154718281731282","title":"[Triggered on {host:web-2}] Disk usage high","body":"Disk usage above 90% on /data","event_type":"metric_alert_monitor","alert_transition":"Triggered","alert_type":"error","alert_priority":"P2","alert_id":"12345678","aggreg_key":"7f3b2c","date":"1714557600000","last_updated":"1714557600000","hostname":"web-2","scopes":"host:web-2","tags":"env:prod,service:storefront,monitor","org":{"id":"424242","name":"Example"},"link":"https://app.datadoghq.com/event/event?id=7429154718281731282"}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        Node root = JsonPayload.one(payload);
        List<Signal> signals = new ArrayList<>();
        for (Node item : JsonPayload.itemsOf(root)) {
            item.expectObject("a Datadog webhook body");
            if (KNOWN.stream().noneMatch(item::has)) {
                throw new ParseException("not a Datadog webhook: none of " + KNOWN + " present at " + item.pointer(),
                        item.get("title").pointer(), null);
            }
            signals.add(map(item, context));
        }
        if (signals.isEmpty()) {
            throw root.error("no event in the payload");
        }
        return signals;
    }

    private static Signal map(Node body, ParseContext context) {
        String title = v(body, "title", "event_title");
        String transition = v(body, "alert_transition");
        String alertType = v(body, "alert_type");
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        List<String> plainTags = new ArrayList<>();
        String tagText = v(body, "tags");
        if (tagText != null) {
            for (String tag : tagText.split(",")) {
                String t = tag.trim();
                int colon = t.indexOf(':');
                if (colon > 0) {
                    tags.putIfAbsent(t.substring(0, colon), t.substring(colon + 1));
                } else if (!t.isEmpty()) {
                    plainTags.add(t);
                }
            }
        }
        String scopes = v(body, "scopes", "alert_scope");
        String host = Texts.first(v(body, "hostname", "host"), tags.get("host"), scopeValue(scopes, "host"));
        boolean resolved = "recovered".equalsIgnoreCase(transition) || "success".equalsIgnoreCase(alertType)
                || (title != null && title.startsWith("[Recovered"));
        String monitor = v(body, "alert_id", "monitor_id");
        String aggregation = v(body, "aggreg_key");
        String eventId = v(body, "id");
        SignalKind kind = Kinds.fromWord(tags.get("kind"));
        String eventType = v(body, "event_type");
        if (kind == null) {
            kind = eventType != null && (eventType.contains("service_check") || eventType.contains("synthetics"))
                    || Kinds.looksLikeAvailability(title) ? SignalKind.AVAILABILITY
                    : eventType != null && eventType.contains("security") ? SignalKind.SECURITY : SignalKind.OPERATIONAL;
        }
        SignalDraft draft = new SignalDraft(ID)
                .title(title)
                .description(v(body, "body", "event_msg"))
                .category(eventType)
                .severity(severity(body, alertType))
                .status(resolved ? SignalStatus.RESOLVED : SignalStatus.FIRING)
                .kind(kind)
                .fingerprint(aggregation != null ? aggregation : monitor != null ? monitor + "|" + Texts.first(scopes, host)
                        : title == null ? null : TITLE_TAGS.matcher(title).replaceFirst(""))
                .eventId(eventId)
                .idKey(eventId != null ? eventId : SignalIds.contentHash(body.json()))
                .observedAt(time(body, "date"), time(body, "last_updated"))
                .service(tags.get("service"))
                .environment(tags.get("env"))
                .raw(body.raw());
        if (Observables.isIp(host)) {
            draft.ip(host);
        } else {
            draft.hostname(host);
        }
        tags.forEach((k, value) -> draft.label("tag." + k, value));
        draft.label("datadog.tags", String.join(",", plainTags));
        for (String field : new String[]{"alert_transition", "alert_type", "alert_priority", "alert_id", "monitor_id",
                "alert_query", "alert_metric", "alert_status", "alert_cycle_key", "event_type", "scopes", "url", "link",
                "snapshot", "aggreg_key"}) {
            draft.label("datadog." + field, v(body, field));
        }
        draft.label("datadog.org.id", Texts.rendered(body.path("org").text("id")));
        draft.label("datadog.org.name", Texts.rendered(body.path("org").text("name")));
        return draft.build(context);
    }

    private static Severity severity(Node body, String alertType) {
        Severity priority = Severities.fromWord(v(body, "alert_priority", "priority"));
        if (priority != null && !priority.equals(Severity.UNKNOWN)) {
            return priority;
        }
        Severity named = Severities.fromWord(v(body, "severity"));
        if (named != null) {
            return named;
        }
        if (alertType == null) {
            return Severity.UNKNOWN;
        }
        return switch (alertType.toLowerCase(Locale.ROOT)) {
            case "error" -> Severity.HIGH;
            case "warning" -> Severity.MEDIUM;
            case "info", "success" -> Severity.INFORMATIONAL;
            default -> Severity.UNKNOWN;
        };
    }

    /** A rendered time; a leftover {@code $DATE} or any unreadable value reads as absent (Datadog formats vary). */
    private static java.time.Instant time(Node body, String field) {
        return Times.parse(v(body, field));
    }

    private static String v(Node body, String... fields) {
        for (String field : fields) {
            String value = Texts.rendered(body.text(field));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String scopeValue(String scopes, String key) {
        if (scopes == null) {
            return null;
        }
        for (String scope : scopes.split(",")) {
            String s = scope.trim();
            if (s.startsWith(key + ":")) {
                return s.substring(key.length() + 1);
            }
        }
        return null;
    }
}
