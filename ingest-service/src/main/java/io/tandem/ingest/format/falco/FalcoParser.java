package io.tandem.ingest.format.falco;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.support.Attack;
import io.tandem.ingest.format.support.JsonPayload;
import io.tandem.ingest.format.support.KeyValues;
import io.tandem.ingest.format.support.Labels;
import io.tandem.ingest.format.support.Lines;
import io.tandem.ingest.format.support.Node;
import io.tandem.ingest.format.support.Observables;
import io.tandem.ingest.format.support.SignalDraft;
import io.tandem.ingest.format.support.SignalIds;
import io.tandem.ingest.format.support.Times;
import io.tandem.model.json.Json;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Falco alerts: the JSON output ({@code json_output: true}, one object per line, also what Falcosidekick receives:
 * {@code time, rule, priority, output, output_fields, hostname, source, tags, uuid}) and the plain text output
 * ({@code 13:44:05.478445995: Critical A shell was spawned ... (user=root ...)}).
 * <ul>
 * <li>severity ({@code priority}): Emergency, Alert, Critical→5 Critical; Error→4 High; Warning→3 Medium;
 *     Notice→2 Low; Informational, Info, Debug→1 Informational;</li>
 * <li>status: always firing; kind: security, except Falco's own "Falco internal" events (operational);</li>
 * <li>fingerprint: rule, host name and the container / Kubernetes object it fired on;</li>
 * <li>id: {@code uuid} when present, else the event's content hash;</li>
 * <li>ATT&CK: {@code mitre_*} tags name tactics, {@code T1234} tags name techniques.</li>
 * </ul>
 */
public final class FalcoParser implements FormatParser {

    public static final String ID = "falco";
    private static final Pattern TEXT = Pattern.compile(
            "^(\\S+):\\s+(Emergency|Alert|Critical|Error|Warning|Notice|Informational|Info|Debug)\\s+(.+)$");
    private static final String[] SCOPE = {"container.id", "k8s.ns.name", "k8s.pod.name", "ka.target.namespace",
            "ka.target.name"};

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Falco alerts as JSON (also via Falcosidekick), one per line, or Falco's text output lines";
    }

    @Override
    public String example() {
        return """
                {"uuid":"9f0e4c1e-2a4b-4f5e-8d6c-0123456789ab","time":"2024-05-01T10:00:00.123456789Z","priority":"Critical","rule":"Terminal shell in container","output":"A shell was spawned in a container with an attached terminal (user=root container_id=3f2a1b)","output_fields":{"container.id":"3f2a1b","proc.cmdline":"bash","proc.name":"bash","user.name":"root","k8s.ns.name":"shop","k8s.pod.name":"cart-7d9f"},"hostname":"node-3","source":"syscall","tags":["container","shell","mitre_execution","T1059"]}
                """;
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        List<Signal> signals = new ArrayList<>();
        String start = new String(payload, 0, Math.min(payload.length, 64), java.nio.charset.StandardCharsets.UTF_8).strip();
        if (start.startsWith("{") || start.startsWith("[")) {
            for (JsonPayload.Document document : JsonPayload.many(payload)) {
                for (Node event : JsonPayload.itemsOf(document.node())) {
                    signals.add(json(event.expectObject("a Falco alert"), context));
                }
            }
            return signals;
        }
        for (Lines.Line line : Lines.of(payload)) {
            signals.add(text(line, context));
        }
        return signals;
    }

    private static Signal json(Node event, ParseContext context) {
        String rule = event.requireText("rule");
        String priority = event.text("priority");
        Node fields = event.get("output_fields");
        String host = event.text("hostname");
        String[] scope = new String[SCOPE.length + 2];
        scope[0] = rule;
        scope[1] = host;
        for (int i = 0; i < SCOPE.length; i++) {
            scope[i + 2] = fields.text(SCOPE[i]);
        }
        String uuid = event.text("uuid");
        SignalDraft draft = new SignalDraft(ID)
                .title(rule)
                .category(event.text("source"))
                .description(event.text("output"))
                .severity(severity(priority))
                .kind(rule.startsWith("Falco internal") ? SignalKind.OPERATIONAL : SignalKind.SECURITY)
                .fingerprint(SignalIds.hash(scope))
                .eventId(uuid)
                .idKey(uuid != null ? uuid : SignalIds.contentHash(event.json()))
                .observedAt(Times.field(event, "time"), evtTime(fields))
                .hostname(host)
                .label("falco.priority", priority)
                .label("falco.source", event.text("source"))
                .label("falco.tags", String.join(",", event.texts("tags")))
                .raw(event.raw());
        for (String tag : event.texts("tags")) {
            if (Attack.isTechniqueId(tag.toUpperCase(Locale.ROOT))) {
                draft.attack(Attack.of(null, tag.toUpperCase(Locale.ROOT), null));
            } else if (tag.toLowerCase(Locale.ROOT).startsWith("mitre_")) {
                draft.attack(Attack.tactic(tag));
            }
        }
        fields.fields().forEach((key, value) -> {
            draft.label(key, value.text());
            observe(draft.observables(), key, value.text());
        });
        return draft.build(context);
    }

    private static Signal text(Lines.Line line, ParseContext context) {
        Matcher m = TEXT.matcher(line.text());
        if (!m.matches()) {
            throw new ParseException("line " + line.number() + ": not a Falco alert (expected JSON or "
                    + "'<time>: <Priority> <output>')", "output", line.number());
        }
        String output = m.group(3);
        int paren = output.lastIndexOf(" (");
        String message = paren > 0 && output.endsWith(")") ? output.substring(0, paren) : output;
        Map<String, String> fields = paren > 0 && output.endsWith(")")
                ? KeyValues.spaced(output.substring(paren + 2, output.length() - 1)) : Map.of();
        SignalDraft draft = new SignalDraft(ID)
                .title(message)
                .description(output)
                .severity(severity(m.group(2)))
                .kind(message.startsWith("Falco internal") ? SignalKind.OPERATIONAL : SignalKind.SECURITY)
                .fingerprint(SignalIds.hash(m.group(2), message, fields.get("container_id"), fields.get("k8s.pod")))
                .idKey(SignalIds.hash(line.text()))
                .observedAt(textTime(m.group(1), context))
                .label("falco.priority", m.group(2));
        ObjectNode raw = Json.mapper().createObjectNode().put("output", line.text());
        fields.forEach((key, value) -> {
            draft.label(key, value);
            observe(draft.observables(), key, value);
        });
        return draft.raw(raw).build(context);
    }

    private static void observe(Observables o, String key, String value) {
        switch (key) {
            case "user.name", "ka.user.name", "user" -> o.add(ObservableType.USER, value, key);
            case "proc.name", "proc.pname", "proc.cmdline", "proc.exepath", "cmdline", "command", "shell" ->
                    o.add(ObservableType.PROCESS, value, key);
            case "fd.name", "fs.path.name", "fd.filename", "file" -> o.add(ObservableType.FILE, value, key);
            case "fd.sip", "fd.cip", "fd.rip", "fd.lip" -> o.ip(value, key);
            default -> o.guess(value, key);
        }
    }

    /** Text output carries either a full ISO time or only the time of day (of today, UTC). */
    private static Instant textTime(String value, ParseContext context) {
        Instant iso = Times.parse(value);
        if (iso != null) {
            return iso;
        }
        try {
            LocalTime time = LocalTime.parse(value);
            Instant reference = context.ingestedAt() == null ? Instant.now() : context.ingestedAt();
            Instant today = LocalDate.ofInstant(reference, ZoneOffset.UTC).atTime(time).toInstant(ZoneOffset.UTC);
            return today.isAfter(reference.plusSeconds(3600)) ? today.minusSeconds(86_400) : today;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant evtTime(Node fields) {
        return Times.epoch(fields.decimal("evt.time"));
    }

    private static Severity severity(String priority) {
        if (priority == null) {
            return Severity.UNKNOWN;
        }
        return switch (priority.trim().toLowerCase(Locale.ROOT)) {
            case "emergency", "alert", "critical" -> Severity.CRITICAL;
            case "error" -> Severity.HIGH;
            case "warning" -> Severity.MEDIUM;
            case "notice" -> Severity.LOW;
            case "informational", "info", "debug" -> Severity.INFORMATIONAL;
            default -> Severity.UNKNOWN;
        };
    }
}
