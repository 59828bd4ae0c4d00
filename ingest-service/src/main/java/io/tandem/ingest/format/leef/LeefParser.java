package io.tandem.ingest.format.leef;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.support.KeyValues;
import io.tandem.ingest.format.support.Lines;
import io.tandem.ingest.format.support.PipeHeader;
import io.tandem.ingest.format.support.Observables;
import io.tandem.ingest.format.support.Severities;
import io.tandem.ingest.format.support.SignalDraft;
import io.tandem.ingest.format.support.SignalIds;
import io.tandem.ingest.format.support.Syslog;
import io.tandem.ingest.format.support.Texts;
import io.tandem.ingest.format.support.Times;
import io.tandem.model.json.Json;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * IBM QRadar Log Event Extended Format, one record per line, optionally behind a syslog header:
 * {@code LEEF:1.0|Vendor|Product|Version|EventID|attributes} (tab-separated) and
 * {@code LEEF:2.0|Vendor|Product|Version|EventID|Delimiter|attributes}, where the delimiter is one character or its
 * hex code ({@code ^}, {@code x5E}, {@code 0x5E}; tab when empty). LEEF 1.0 senders that use another separator
 * ({@code ^}, {@code |}) or lost their tabs to spaces are read too.
 * <ul>
 * <li>severity: {@code sev} 0-10, as CEF (see {@link Severities#fromTenPoint}), else Unknown;</li>
 * <li>status: always firing;</li>
 * <li>fingerprint: vendor, product, event id and the flow's addresses; id: the hash of the LEEF record;</li>
 * <li>observedAt: {@code devTime} in {@code devTimeFormat} (else epoch or {@code MMM dd yyyy HH:mm:ss [zone]}), else
 *     the syslog header's time.</li>
 * </ul>
 */
public final class LeefParser implements FormatParser {

    public static final String ID = "leef";
    private static final Pattern VERSION = Pattern.compile("[12](\\.\\d)?");
    private static final Pattern HEX_DELIMITER = Pattern.compile("(?i)(0x|x)([0-9a-f]{1,4})");
    private static final String[] HEADER = {"Version", "Vendor", "Product", "Product Version", "EventID"};

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "IBM QRadar LEEF 1.0 and 2.0 records, one per line, with or without a syslog header";
    }

    @Override
    public String example() {
        return "<13>May 01 10:00:00 ids-1 LEEF:2.0|Acme|Sensor|3.2|PortScan|x5E|src=203.0.113.7^dst=10.0.0.8^"
                + "sev=7^cat=recon^usrName=bob^devTime=May 01 2024 10:00:00^devTimeFormat=MMM dd yyyy HH:mm:ss\n";
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        return Lines.of(payload).stream().map(line -> parseLine(line, context)).toList();
    }

    private Signal parseLine(Lines.Line line, ParseContext context) {
        Syslog.Framed framed = Syslog.split(line.text(), "LEEF:", context.ingestedAt());
        if (framed == null) {
            throw new ParseException("line " + line.number() + ": no LEEF header (expected "
                    + "'LEEF:Version|Vendor|Product|Version|EventID|')", "LEEF", line.number());
        }
        String record = framed.record();
        PipeHeader.Split split = PipeHeader.split(record, "LEEF:", HEADER, false, UnaryOperator.identity(), line.number());
        List<String> header = split.fields();
        String version = header.get(0).trim();
        if (!VERSION.matcher(version).matches()) {
            throw new ParseException("line " + line.number() + ": unsupported LEEF version '" + version + "'",
                    "Version", line.number());
        }
        String rest = record.substring(split.bodyStart());
        Character delimiter = null;
        if (version.startsWith("2")) {
            int bar = rest.indexOf('|');
            if (bar >= 0 && bar <= 6 && !rest.substring(0, bar).contains("=")) {
                delimiter = delimiter(rest.substring(0, bar), line.number());
                rest = rest.substring(bar + 1);
            }
        }
        Map<String, String> attributes = attributes(rest, delimiter);
        return map(version, header, attributes, framed, record, context);
    }

    private static Character delimiter(String spec, int line) {
        String s = spec.trim();
        if (s.isEmpty()) {
            return spec.isEmpty() ? '\t' : spec.charAt(0);
        }
        if (s.length() == 1) {
            return s.charAt(0);
        }
        var hex = HEX_DELIMITER.matcher(s);
        if (hex.matches()) {
            return (char) Integer.parseInt(hex.group(2), 16);
        }
        if (s.equals("\\t")) {
            return '\t';
        }
        throw new ParseException("line " + line + ": unreadable LEEF 2.0 delimiter '" + spec + "'", "DelimiterCharacter", line);
    }

    /** Attributes split on the delimiter; without a declared one, the separator this record evidently uses. */
    private static Map<String, String> attributes(String text, Character declared) {
        char delimiter;
        if (declared != null) {
            delimiter = declared;
        } else if (text.indexOf('\t') >= 0) {
            delimiter = '\t';
        } else if (pairs(text, '^') >= 2) {
            delimiter = '^';
        } else if (pairs(text, '|') >= 2) {
            delimiter = '|';
        } else {
            return KeyValues.spaced(text);
        }
        Map<String, String> out = new LinkedHashMap<>();
        String previous = null;
        for (String part : text.split(Pattern.quote(String.valueOf(delimiter)), -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0 || part.substring(0, eq).isBlank()) {
                if (previous != null && !part.isEmpty()) {
                    out.put(previous, out.get(previous) + delimiter + part);
                }
                continue;
            }
            String key = part.substring(0, eq).trim();
            if (!out.containsKey(key)) {
                out.put(key, KeyValues.unescape(part.substring(eq + 1)));
                previous = key;
            }
        }
        return out;
    }

    private static int pairs(String text, char delimiter) {
        int count = 0;
        for (String part : text.split(Pattern.quote(String.valueOf(delimiter)))) {
            if (part.indexOf('=') > 0) {
                count++;
            }
        }
        return count;
    }

    private static Signal map(String version, List<String> header, Map<String, String> attrs, Syslog.Framed framed,
                              String record, ParseContext context) {
        String vendor = header.get(1);
        String product = header.get(2);
        String eventId = header.get(4);
        String src = attrs.get("src");
        String dst = attrs.get("dst");
        Severity severity = Severities.fromTenPointOrWord(attrs.get("sev"));

        SignalDraft draft = new SignalDraft(ID)
                .title(Texts.first(product, vendor, "LEEF") + " " + eventId)
                .category(attrs.get("cat"))
                .description(Texts.first(attrs.get("msg"), attrs.get("EventMessage")))
                .severity(severity == null ? Severity.UNKNOWN : severity)
                .kind(SignalKind.SECURITY)
                .idKey(SignalIds.hash(record))
                .observedAt(devTime(attrs, context), framed.time());
        String end = Observables.internalEnd(src, dst);
        draft.ip(end != null ? end : Observables.isIp(attrs.get("identSrc")) ? attrs.get("identSrc") : null)
                .hostname(Texts.first(attrs.get("identHostName"),
                        end == null ? Texts.first(attrs.get("dvchost"), framed.host()) : null));
        draft.fingerprint(SignalIds.hash(vendor, product, eventId, src, dst, draft.hostname()));

        draft.label("leef.version", version).label("leef.vendor", vendor).label("leef.product", product)
                .label("leef.productVersion", header.get(3)).label("leef.eventId", eventId)
                .label("syslog.host", framed.host());
        attrs.forEach((key, value) -> {
            draft.label(key, value);
            observe(draft.observables(), key, value);
        });

        ObjectNode raw = Json.mapper().createObjectNode();
        for (int i = 0; i < header.size(); i++) {
            raw.put(HEADER[i], header.get(i));
        }
        ObjectNode attributes = raw.putObject("attributes");
        attrs.forEach(attributes::put);
        if (framed.header() != null) {
            raw.put("syslogHeader", framed.header());
        }
        return draft.raw(raw).build(context);
    }

    private static void observe(Observables o, String key, String value) {
        switch (key) {
            case "src", "dst", "srcPreNAT", "dstPreNAT", "srcPostNAT", "dstPostNAT", "identSrc" -> o.ip(value, key);
            case "usrName", "accountName", "identSecondlp" -> o.add(ObservableType.USER, value, key);
            case "srcMAC", "dstMAC", "identMAC" -> o.add(ObservableType.MAC, value, key);
            case "identHostName", "shost", "dhost", "cncHost" -> o.host(value, key);
            case "url" -> o.add(ObservableType.URL, value, key);
            case "fileHash", "md5", "sha1", "sha256" -> o.add(ObservableType.FILE_HASH, value, key);
            default -> o.guess(value, key);
        }
    }

    private static Instant devTime(Map<String, String> attrs, ParseContext context) {
        String value = attrs.get("devTime");
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant patterned = Times.pattern(value, attrs.get("devTimeFormat"), ZoneOffset.UTC);
        if (patterned != null) {
            return patterned;
        }
        Instant syslogStyle = Times.syslog(value, ZoneOffset.UTC, context.ingestedAt());
        return syslogStyle != null ? syslogStyle : Times.parse(value);
    }
}
