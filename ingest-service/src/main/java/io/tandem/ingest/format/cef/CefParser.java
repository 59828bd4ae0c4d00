package io.tandem.ingest.format.cef;

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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ArcSight Common Event Format, one record per line, optionally behind a syslog header:
 * {@code CEF:Version|Device Vendor|Device Product|Device Version|Device Event Class ID|Name|Severity|Extension}.
 * Header fields escape {@code \|} and {@code \\}; extension values escape {@code \=}, {@code \\}, {@code \n}.
 * <ul>
 * <li>severity: 0-10 or a word, see {@link Severities#fromTenPoint} (0→1, 1-3→2 Low, 4-6→3 Medium, 7-8→4 High,
 *     9-10→5 Critical) and Unknown/Low/Medium/High/Very-High → 0/2/3/4/5;</li>
 * <li>status: always firing (CEF records events, not their end);</li>
 * <li>fingerprint: vendor, product, event class id, device and the flow's addresses;</li>
 * <li>id: vendor + product + {@code externalId} when given, else the hash of the CEF record (without the syslog
 *     header, which relays rewrite);</li>
 * <li>observedAt: {@code rt}, {@code end}, {@code start} (epoch ms or {@code MMM dd yyyy HH:mm:ss [zone]}, in
 *     {@code dtz} when given), else the syslog header's time;</li>
 * <li>custom fields ({@code cs1}..{@code cs6}, {@code cn1}.., {@code c6a1}.., {@code flexString1}.., any key with a
 *     {@code <key>Label} companion) become labels named by their label.</li>
 * </ul>
 */
public final class CefParser implements FormatParser {

    private static final Pattern VERSION = Pattern.compile("\\d{1,3}(\\.\\d{1,3})?");
    private static final Pattern IPV6_ADDRESS_KEY = Pattern.compile("c6a\\d+");
    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{9,19}");

    public static final String ID = "cef";
    private static final String[] HEADER = {"Version", "Device Vendor", "Device Product", "Device Version",
            "Device Event Class ID", "Name", "Severity"};

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "ArcSight CEF records, one per line, with or without a syslog header";
    }

    @Override
    public String example() {
        return "<134>May 01 10:00:00 fw-1 CEF:0|Acme|Gateway|2.1|4001|Blocked C2 callback|8|rt=1714557600000 "
                + "src=10.0.0.5 dst=203.0.113.9 spt=51000 dpt=443 suser=alice request=https://bad.example/x "
                + "cs1Label=Rule cs1=block-c2 act=blocked msg=callback to known C2\\= blocked\n";
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        return Lines.of(payload).stream().map(line -> parseLine(line, context)).toList();
    }

    private Signal parseLine(Lines.Line line, ParseContext context) {
        Syslog.Framed framed = Syslog.split(line.text(), "CEF:", context.ingestedAt());
        if (framed == null) {
            throw new ParseException("line " + line.number() + ": no CEF header (expected 'CEF:Version|Device Vendor|"
                    + "Device Product|Device Version|Device Event Class ID|Name|Severity|Extension')", "CEF",
                    line.number());
        }
        String record = framed.record();
        PipeHeader.Split split = PipeHeader.split(record, "CEF:", HEADER, true, CefParser::unescapeHeader, line.number());
        List<String> header = split.fields();
        if (!VERSION.matcher(header.get(0).trim()).matches()) {
            throw new ParseException("line " + line.number() + ": CEF version must be a number, was '"
                    + header.get(0) + "'", "Version", line.number());
        }
        Map<String, String> ext = KeyValues.spaced(record.substring(split.bodyStart()));
        return map(header, ext, framed, record, context);
    }

    private static Signal map(List<String> header, Map<String, String> ext, Syslog.Framed framed, String record,
                              ParseContext context) {
        String vendor = header.get(1);
        String product = header.get(2);
        String classId = header.get(4);
        String severityText = header.get(6);
        Severity severity = Severities.fromTenPointOrWord(severityText);
        String src = ext.get("src");
        String dst = ext.get("dst");
        String device = Texts.first(ext.get("dvchost"), ext.get("dvc"), framed.host());

        SignalDraft draft = new SignalDraft(ID)
                .title(header.get(5).isBlank() ? product + " " + classId : header.get(5))
                .category(ext.get("cat"))
                .description(ext.get("msg"))
                .severity(severity == null ? Severity.UNKNOWN : severity)
                .kind(SignalKind.SECURITY)
                .fingerprint(SignalIds.hash(vendor, product, classId, device, src, dst, ext.get("dhost"),
                        ext.get("shost")))
                .observedAt(time(ext, "rt", context), time(ext, "end", context), time(ext, "start", context),
                        framed.time());
        String externalId = ext.get("externalId");
        draft.idKey(externalId != null && !externalId.isBlank() ? vendor + "|" + product + "|" + externalId
                : SignalIds.hash(record));
        asset(draft, ext, src, dst, framed.host());

        draft.label("cef.version", header.get(0)).label("cef.vendor", vendor).label("cef.product", product)
                .label("cef.deviceVersion", header.get(3)).label("cef.signatureId", classId)
                .label("cef.severity", severityText).label("syslog.host", framed.host());
        Set<String> labelKeys = new HashSet<>();
        ext.forEach((key, value) -> {
            if (key.endsWith("Label") && ext.containsKey(key.substring(0, key.length() - "Label".length()))) {
                labelKeys.add(key);
            }
        });
        ext.forEach((key, value) -> {
            if (labelKeys.contains(key)) {
                return;
            }
            String customName = ext.get(key + "Label");
            draft.label(customName != null && !customName.isBlank() ? customName : key, value);
            observe(draft, key, customName, value);
        });

        ObjectNode raw = Json.mapper().createObjectNode();
        for (int i = 0; i < header.size(); i++) {
            raw.put(HEADER[i], header.get(i));
        }
        ObjectNode extension = raw.putObject("Extension");
        ext.forEach(extension::put);
        if (framed.header() != null) {
            raw.put("syslogHeader", framed.header());
        }
        return draft.raw(raw).build(context);
    }

    private static void asset(SignalDraft draft, Map<String, String> ext, String src, String dst, String syslogHost) {
        String end = Observables.internalEnd(src, dst);
        if (end != null) {
            draft.ip(end).hostname(end.equals(dst) ? ext.get("dhost") : ext.get("shost"));
        } else if (ext.get("dhost") != null || ext.get("shost") != null) {
            draft.hostname(Texts.first(ext.get("dhost"), ext.get("shost")));
        } else {
            String deviceHost = Texts.first(ext.get("dvchost"), syslogHost);
            boolean hostIsIp = Observables.isIp(deviceHost);
            draft.hostname(hostIsIp ? null : deviceHost)
                    .ip(Observables.isIp(ext.get("dvc")) ? ext.get("dvc") : hostIsIp ? deviceHost : null);
        }
    }

    private static void observe(SignalDraft draft, String key, String customName, String value) {
        Observables o = draft.observables();
        String name = customName != null && !customName.isBlank() ? customName : key;
        switch (key) {
            case "src", "dst", "sourceTranslatedAddress", "destinationTranslatedAddress" -> o.ip(value, key);
            case "shost", "dhost" -> o.host(value, key);
            case "suser", "duser", "suser0", "duser0" -> o.add(ObservableType.USER, value, key);
            case "smac", "dmac", "amac", "dvcmac" -> o.add(ObservableType.MAC, value, key);
            case "request" -> o.add(Observables.classify(stripQuotes(value)) == ObservableType.URL
                    ? ObservableType.URL : ObservableType.OTHER, stripQuotes(value), key);
            case "fileHash", "oldFileHash" -> o.add(ObservableType.FILE_HASH, value, key);
            case "fname", "filePath", "oldFileName", "oldFilePath" -> o.add(ObservableType.FILE, value, key);
            case "sproc", "dproc" -> o.add(ObservableType.PROCESS, value, key);
            default -> {
                if (IPV6_ADDRESS_KEY.matcher(key).matches()) {
                    o.ip(value, name);
                } else if (customName != null) {
                    o.guess(value, name);
                }
            }
        }
    }

    private static Instant time(Map<String, String> ext, String key, ParseContext context) {
        String value = ext.get(key);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (EPOCH_MILLIS.matcher(value.trim()).matches()) {
            return Times.parse(value);
        }
        ZoneId zone = Times.zone(ext.get("dtz"), ZoneOffset.UTC);
        Instant syslogStyle = Times.syslog(value, zone, context.ingestedAt());
        return syslogStyle != null ? syslogStyle : Times.parse(value);
    }

    private static String unescapeHeader(String field) {
        return field.replace("\\|", "|").replace("\\\\", "\\");
    }

    private static String stripQuotes(String value) {
        return value.length() >= 2 && value.startsWith("'") && value.endsWith("'")
                ? value.substring(1, value.length() - 1) : value;
    }
}
