package io.tandem.ingest.format.zabbix;

import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.support.JsonPayload;
import io.tandem.ingest.format.support.Kinds;
import io.tandem.ingest.format.support.Labels;
import io.tandem.ingest.format.support.Node;
import io.tandem.ingest.format.support.Observables;
import io.tandem.ingest.format.support.SignalDraft;
import io.tandem.ingest.format.support.SignalIds;
import io.tandem.ingest.format.support.Texts;
import io.tandem.ingest.format.support.Times;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Zabbix webhook media type bodies: the parameters a media type posts, named after the macros they carry
 * ({@code event_id} / {@code {EVENT.ID}}, {@code event_name}, {@code event_nseverity}, {@code event_severity},
 * {@code event_value}, {@code event_status}, {@code host_name}, {@code host_ip}, {@code trigger_id},
 * {@code event_date}, {@code event_time}, {@code event_tags}...), read whatever their case or separators
 * ({@code eventId}, {@code EVENT.ID}), plus Grafana OnCall's Zabbix integration ({@code alert_uid},
 * {@code title}, {@code state}). Unexpanded macros ({@code {HOST.NAME}}) count as absent.
 * <ul>
 * <li>severity ({@code event_nseverity} 0-5 or the name): Not classified→0, Information→1, Warning→2 Low,
 *     Average→3 Medium, High→4, Disaster→5 Critical;</li>
 * <li>status: {@code event_value} 0, or status/state RESOLVED / OK → resolved; else firing;</li>
 * <li>fingerprint: the problem's {@code event_id} (recovery messages carry the problem's id), else
 *     {@code alert_uid}, else trigger id + host; id: the content hash of the body;</li>
 * <li>observedAt: {@code event_recovery_date}/{@code time} when resolved, else {@code event_date}/{@code event_time}
 *     ({@code yyyy.MM.dd} / {@code HH:mm:ss}, read as UTC: Zabbix sends server-local time without a zone).</li>
 * </ul>
 */
public final class ZabbixParser implements FormatParser {

    public static final String ID = "zabbix";
    private static final String[] SEVERITY_NAMES = {"not classified", "information", "warning", "average", "high",
            "disaster"};
    private static final Severity[] SEVERITIES = {Severity.UNKNOWN, Severity.INFORMATIONAL, Severity.LOW,
            Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL};
    private static final Pattern NOT_KEY_CHAR = Pattern.compile("[^a-z0-9]");
    private static final Pattern SEVERITY_NUMBER = Pattern.compile("[0-5]");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy.MM.dd HH:mm:ss", Locale.ROOT);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Zabbix webhook media type parameters (problem and recovery), and Grafana OnCall's Zabbix payload";
    }

    @Override
    public String example() {
        return """
                {"event_id":"48213","event_name":"Zabbix agent is not available (for 3m)","event_nseverity":"3","event_severity":"Average","event_value":"1","event_status":"PROBLEM","event_date":"2024.05.01","event_time":"10:00:00","host_name":"db-1","host_ip":"10.0.3.20","trigger_id":"23077","event_tags":"scope:availability,service:postgres","zabbix_url":"https://zabbix.example"}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        Node root = JsonPayload.one(payload);
        List<Signal> signals = new ArrayList<>();
        for (Node item : JsonPayload.itemsOf(root)) {
            signals.add(map(item.expectObject("a Zabbix webhook body"), context));
        }
        if (signals.isEmpty()) {
            throw root.error("no event in the payload");
        }
        return signals;
    }

    private static Signal map(Node body, ParseContext context) {
        Map<String, String> p = new LinkedHashMap<>();
        body.fields().forEach((k, v) -> {
            String value = Texts.rendered(v.text());
            if (value != null) {
                p.putIfAbsent(NOT_KEY_CHAR.matcher(k.toLowerCase(Locale.ROOT)).replaceAll(""), value);
            }
        });
        String eventId = p.get("eventid");
        String alertUid = p.get("alertuid");
        String triggerId = p.get("triggerid");
        String title = Texts.first(p.get("eventname"), p.get("triggername"), p.get("title"), p.get("alertsubject"),
                p.get("subject"));
        if (eventId == null && alertUid == null && triggerId == null && title == null) {
            throw new ParseException("not a Zabbix webhook body: missing required field /event_id (or event_name, "
                    + "trigger_id)", "/event_id", null);
        }
        String host = Texts.first(p.get("hostname"), p.get("host"), p.get("hosthost"));
        String state = Texts.first(p.get("eventstatus"), p.get("status"), p.get("state"), p.get("triggerstatus"));
        boolean resolved = "0".equals(p.get("eventvalue")) || (state != null
                && (state.equalsIgnoreCase("resolved") || state.equalsIgnoreCase("ok")));
        Map<String, String> tags = tags(p.get("eventtags"));
        SignalKind kind = Kinds.fromWord(Texts.first(tags.get("kind"), tags.get("scope")));
        SignalDraft draft = new SignalDraft(ID)
                .title(title)
                .description(Texts.first(p.get("alertmessage"), p.get("message"), p.get("triggerdescription")))
                .severity(severity(p))
                .status(resolved ? SignalStatus.RESOLVED : SignalStatus.FIRING)
                .kind(kind != null ? kind : Kinds.looksLikeAvailability(title) ? SignalKind.AVAILABILITY : SignalKind.OPERATIONAL)
                .fingerprint(Texts.first(eventId, alertUid, triggerId == null ? null : triggerId + "|" + host))
                .eventId(Texts.first(eventId, alertUid))
                .idKey(SignalIds.contentHash(body.json()))
                .observedAt(resolved ? dateTime(p.get("eventrecoverydate"), p.get("eventrecoverytime")) : null,
                        dateTime(p.get("eventdate"), p.get("eventtime")), Times.parse(p.get("eventtimestamp")))
                .service(tags.get("service"))
                .environment(Texts.first(tags.get("env"), tags.get("environment")))
                .raw(body.raw());
        String ip = p.get("hostip");
        draft.ip(Observables.isIp(ip) ? ip : Observables.isIp(host) ? host : null);
        draft.hostname(Observables.isIp(host) ? null : host);
        draft.observables().ip(ip, "host_ip");
        tags.forEach((k, v) -> draft.label("tag." + k, v));
        Labels.flatten(body, "zabbix", draft.labels());
        return draft.build(context);
    }

    private static Severity severity(Map<String, String> p) {
        String numeric = p.get("eventnseverity");
        if (numeric != null && SEVERITY_NUMBER.matcher(numeric.trim()).matches()) {
            return SEVERITIES[Integer.parseInt(numeric.trim())];
        }
        String name = Texts.first(p.get("eventseverity"), p.get("severity"), p.get("triggerseverity"));
        if (name != null) {
            for (int i = 0; i < SEVERITY_NAMES.length; i++) {
                if (SEVERITY_NAMES[i].equalsIgnoreCase(name.trim())) {
                    return SEVERITIES[i];
                }
            }
        }
        return Severity.UNKNOWN;
    }

    private static Instant dateTime(String date, String time) {
        if (date == null || time == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(date.trim() + " " + time.trim(), DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return Times.parse(date.trim() + "T" + time.trim());
        }
    }

    /** {@code a:b,c:d} (the {@code {EVENT.TAGS}} macro) into a map; a tag without value maps to "". */
    private static Map<String, String> tags(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text != null) {
            for (String tag : text.split(",")) {
                String t = tag.trim();
                int colon = t.indexOf(':');
                if (colon > 0) {
                    out.putIfAbsent(t.substring(0, colon).trim(), t.substring(colon + 1).trim());
                } else if (!t.isEmpty()) {
                    out.putIfAbsent(t, "");
                }
            }
        }
        return out;
    }
}
