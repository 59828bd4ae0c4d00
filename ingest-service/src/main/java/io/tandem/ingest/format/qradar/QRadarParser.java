package io.tandem.ingest.format.qradar;

import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import io.tandem.ingest.format.support.JsonPayload;
import io.tandem.ingest.format.support.Labels;
import io.tandem.ingest.format.support.Node;
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
import java.util.Set;

/**
 * IBM QRadar offenses as returned by {@code GET /api/siem/offenses} (one object, or the array).
 * <ul>
 * <li>severity: {@code magnitude} (QRadar's own ranking of an offense, from relevance, severity and credibility),
 *     else {@code severity}, on the 0-10 scale (see {@link Severities#fromTenPoint}: 1-3→2 Low, 4-6→3 Medium,
 *     7-8→4 High, 9-10→5 Critical);</li>
 * <li>status: CLOSED → resolved; OPEN and HIDDEN → firing;</li>
 * <li>fingerprint: the offense {@code id}; id: offense id + {@code last_updated_time} + status;</li>
 * <li>observedAt: {@code close_time} when closed, else {@code last_updated_time}, else {@code start_time}
 *     (epoch milliseconds);</li>
 * <li>asset and observable from {@code offense_source} by {@code offense_type}: 0/1/10/11 IP, 3 user name,
 *     4/5 MAC, 7 host name, 6 log source.</li>
 * </ul>
 */
public final class QRadarParser implements FormatParser {

    public static final String ID = "qradar";
    private static final Set<String> MAPPED = Set.of("id", "description", "status", "start_time", "last_updated_time",
            "close_time");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "IBM QRadar SIEM offenses from the REST API (/api/siem/offenses)";
    }

    @Override
    public String example() {
        return """
                {"id":4711,"description":"Excessive Firewall Denies from Single Source\\n","offense_type":0,"offense_source":"203.0.113.66","magnitude":7,"severity":8,"credibility":5,"relevance":6,"status":"OPEN","start_time":1714557600000,"last_updated_time":1714558200000,"close_time":null,"event_count":1520,"categories":["Firewall Deny"],"source_network":"other","destination_networks":["Net-10-172-192.Net_10_0_0_0"],"assigned_to":null,"domain_id":0}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        Node root = JsonPayload.one(payload);
        List<Signal> signals = new ArrayList<>();
        for (Node offense : JsonPayload.itemsOf(root)) {
            signals.add(map(offense.expectObject("a QRadar offense"), context));
        }
        if (signals.isEmpty()) {
            throw root.error("no offense in the payload");
        }
        return signals;
    }

    private static Signal map(Node offense, ParseContext context) {
        String id = offense.requireText("id");
        String status = offense.text("status");
        boolean closed = "CLOSED".equalsIgnoreCase(status);
        Instant updated = Times.field(offense, "last_updated_time");
        Severity severity = Severities.fromTenPoint(offense.integer("magnitude"));
        if (severity == null) {
            severity = Severities.fromTenPoint(offense.integer("severity"));
        }
        String source = offense.text("offense_source");
        SignalDraft draft = new SignalDraft(ID)
                .title(Texts.first(strip(offense.text("description")), source, "QRadar offense " + id))
                .description(offense.text("description"))
                .category(String.join(",", offense.texts("categories")))
                .severity(severity == null ? Severity.UNKNOWN : severity)
                .status(closed ? SignalStatus.RESOLVED : SignalStatus.FIRING)
                .kind(SignalKind.SECURITY)
                .fingerprint(id)
                .eventId(id)
                .idKey(id + "|" + (updated == null ? "" : updated) + "|" + status)
                .observedAt(closed ? Times.field(offense, "close_time") : null, updated, Times.field(offense, "start_time"))
                .raw(offense.raw());
        Integer type = offense.integer("offense_type");
        if (type != null && source != null) {
            switch (type) {
                case 0, 1, 10, 11 -> {
                    draft.ip(source);
                    draft.observables().ip(source, "offense_source");
                }
                case 3 -> draft.observable(ObservableType.USER, source, "offense_source");
                case 4, 5 -> draft.observable(ObservableType.MAC, source, "offense_source");
                case 7 -> {
                    draft.hostname(source);
                    draft.observables().host(source, "offense_source");
                }
                case 6 -> draft.service(source);
                default -> draft.label("qradar.offense_source", source);
            }
        }
        List<String> logSources = offense.array("log_sources").stream().map(s -> s.text("name")).filter(s -> s != null).toList();
        draft.label("qradar.log_sources", String.join(",", logSources));
        Labels.flattenExcept(offense, "qradar", MAPPED, draft.labels());
        return draft.build(context);
    }

    private static String strip(String text) {
        return text == null ? null : text.strip();
    }
}
