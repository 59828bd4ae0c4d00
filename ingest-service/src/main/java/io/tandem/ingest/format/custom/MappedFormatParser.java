package io.tandem.ingest.format.custom;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.support.JsonPayload;
import io.tandem.ingest.format.support.Kinds;
import io.tandem.ingest.format.support.Labels;
import io.tandem.ingest.format.support.Node;
import io.tandem.ingest.format.support.Severities;
import io.tandem.ingest.format.support.SignalDraft;
import io.tandem.ingest.format.support.SignalIds;
import io.tandem.ingest.format.support.Times;
import io.tandem.model.Wire;
import io.tandem.model.json.Json;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalStatus;
import io.tandem.service.problem.Problem;
import io.tandem.service.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The parser of a user-defined format, built from its {@link FormatMapping}. Payloads are one JSON document, an
 * array of documents or NDJSON; {@code alerts} (when declared) is applied to each document and every match, or
 * element of a matched array, is one alert object. Per alert:
 * <ul>
 * <li>a declared field that matches nothing is simply absent; a present time that cannot be read is a parse error;</li>
 * <li>severity: the {@code severityMap} entry of the value when a map is declared, else the value read as an OCSF
 *     id (0-6, 99) or a common severity word; otherwise {@code severityDefault} (default 0 Unknown);</li>
 * <li>status: the {@code statusMap} entry when a map is declared, else resolved for common words (resolved,
 *     closed, ok, recovered, cleared, inactive, normal); otherwise {@code statusDefault} (default firing);</li>
 * <li>fingerprint: the {@code fingerprint} values (one value as is, several hashed together), prefixed with the
 *     format id; when none is declared or found, a hash of title, category and asset;</li>
 * <li>id: from {@code sourceEventId}, else from a hash of the alert's content, so a re-sent alert keeps its id;</li>
 * <li>the alert object itself is kept as {@code raw}, so no source field is lost.</li>
 * </ul>
 */
public final class MappedFormatParser implements FormatParser {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** A mapping travels as one record on ingest.config, whose broker limit is about 1 MB. */
    private static final int MAX_EXAMPLE_BYTES = 256 * 1024;
    private static final Set<Integer> SEVERITY_IDS = Set.of(0, 1, 2, 3, 4, 5, 6, 99);
    private static final Set<String> RESOLVED_WORDS = Set.of("resolved", "resolve", "closed", "close", "ok",
            "recovered", "recovery", "cleared", "clear", "inactive", "normal");
    private static final ParseContext EXAMPLE_CONTEXT = new ParseContext("format-registration", Instant.EPOCH, "example");
    private static final FormatMapping.Fields NO_FIELDS = new FormatMapping.Fields(null, null, null, null, null, null,
            null, null, null, null, null);
    private static final FormatMapping.Asset NO_ASSET = new FormatMapping.Asset(null, null, null, null, null);

    /** What a declared expression must find in the example for the mapping to fit it. */
    private enum Shape { SCALAR, OBJECT, ALERTS }

    private record Declared(String field, FieldExpression expression, Shape shape) {
    }

    private record ObservableSource(ObservableType type, FieldExpression path, String name) {
    }

    private final FormatMapping mapping;
    private final List<Declared> declared = new ArrayList<>();
    private final FieldExpression alerts;
    private final FieldExpression title;
    private final FieldExpression description;
    private final FieldExpression sourceEventId;
    private final FieldExpression observedAt;
    private final FieldExpression status;
    private final FieldExpression severity;
    private final FieldExpression kind;
    private final FieldExpression category;
    private final FieldExpression hostname;
    private final FieldExpression ip;
    private final FieldExpression cloudResourceId;
    private final FieldExpression service;
    private final FieldExpression environment;
    private final FieldExpression labels;
    private final List<ObservableSource> observables = new ArrayList<>();
    private final List<FieldExpression> fingerprint = new ArrayList<>();
    private final Map<String, Severity> severityMap = new HashMap<>();
    private final Severity severityDefault;
    private final Map<String, SignalStatus> statusMap = new HashMap<>();
    private final SignalStatus statusDefault;

    /** Compiles every expression and value map; any fault is collected and thrown as one 400 naming each field. */
    private MappedFormatParser(FormatMapping mapping) {
        this.mapping = mapping;
        List<Problem.FieldError> errors = new ArrayList<>();
        if (mapping.id() == null || !ID.matcher(mapping.id()).matches()) {
            errors.add(error("id", "required: 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }
        JsonNode example = mapping.example();
        if (example == null || example.isNull()) {
            errors.add(error("example", "required: a payload of this format that the mapping must fit"));
        } else if (!example.isContainerNode()) {
            errors.add(error("example", "must be a JSON object or array (the payload itself, not a string holding it)"));
        } else if (Json.write(example).length > MAX_EXAMPLE_BYTES) {
            errors.add(error("example", "larger than 256 KiB; one small representative payload is enough"));
        }
        FormatMapping.Fields fields = mapping.fields() == null ? NO_FIELDS : mapping.fields();
        FormatMapping.Asset asset = fields.asset() == null ? NO_ASSET : fields.asset();
        alerts = expression("alerts", mapping.alerts(), Shape.ALERTS, false, errors);
        title = expression("fields.title", fields.title(), Shape.SCALAR, true, errors);
        if (fields.title() == null || fields.title().isNull()) {
            errors.add(error("fields.title", "required"));
        }
        description = expression("fields.description", fields.description(), Shape.SCALAR, true, errors);
        sourceEventId = expression("fields.sourceEventId", fields.sourceEventId(), Shape.SCALAR, false, errors);
        observedAt = expression("fields.observedAt", fields.observedAt(), Shape.SCALAR, false, errors);
        status = expression("fields.status", fields.status(), Shape.SCALAR, true, errors);
        severity = expression("fields.severity", fields.severity(), Shape.SCALAR, true, errors);
        if ((fields.severity() == null || fields.severity().isNull()) && mapping.severityDefault() == null) {
            errors.add(error("fields.severity", "required unless severityDefault is given"));
        }
        kind = expression("fields.kind", fields.kind(), Shape.SCALAR, true, errors);
        if (kind != null && kind.constant() && Kinds.fromWord(kind.text()) == null) {
            errors.add(error("fields.kind", "unknown kind '" + kind.text()
                    + "', expected security, operational, vulnerability, configuration-change or availability"));
        }
        category = expression("fields.category", fields.category(), Shape.SCALAR, true, errors);
        hostname = expression("fields.asset.hostname", asset.hostname(), Shape.SCALAR, true, errors);
        ip = expression("fields.asset.ip", asset.ip(), Shape.SCALAR, true, errors);
        cloudResourceId = expression("fields.asset.cloudResourceId", asset.cloudResourceId(), Shape.SCALAR, true, errors);
        service = expression("fields.asset.service", asset.service(), Shape.SCALAR, true, errors);
        environment = expression("fields.asset.environment", asset.environment(), Shape.SCALAR, true, errors);
        labels = expression("fields.labels", fields.labels(), Shape.OBJECT, false, errors);
        compileObservables(fields.observables(), errors);
        compileFingerprint(mapping.fingerprint(), errors);
        compileSeverityMap(mapping.severityMap(), errors);
        severityDefault = mapping.severityDefault() == null ? Severity.UNKNOWN
                : severityId("severityDefault", mapping.severityDefault(), errors);
        compileStatusMap(mapping.statusMap(), errors);
        statusDefault = mapping.statusDefault() == null ? SignalStatus.FIRING
                : status("statusDefault", mapping.statusDefault(), errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
    }

    /** The parser of {@code mapping}, checked for syntax only: used for mappings already accepted once. */
    public static MappedFormatParser compile(FormatMapping mapping) {
        return new MappedFormatParser(mapping);
    }

    /**
     * The parser of {@code mapping}, checked for syntax and then against its own example: the example must yield
     * at least one signal and every declared expression must match something in it. A 400 problem names each field
     * that does not fit.
     */
    public static MappedFormatParser validated(FormatMapping mapping) {
        MappedFormatParser parser = new MappedFormatParser(mapping);
        parser.checkExample();
        return parser;
    }

    public FormatMapping mapping() {
        return mapping;
    }

    @Override
    public String id() {
        return mapping.id();
    }

    @Override
    public String description() {
        return mapping.description() != null && !mapping.description().isBlank() ? mapping.description()
                : "User-defined format " + mapping.id();
    }

    @Override
    public String example() {
        return new String(Json.write(mapping.example()), StandardCharsets.UTF_8);
    }

    @Override
    public List<Signal> parse(byte[] payload, ParseContext context) {
        List<Signal> signals = new ArrayList<>();
        for (JsonPayload.Document document : JsonPayload.many(payload)) {
            for (Node alert : alertsOf(document.node())) {
                signals.add(map(alert, context));
            }
        }
        if (signals.isEmpty()) {
            throw new ParseException("no alert in the payload", alerts == null ? "/" : alerts.text(), null);
        }
        return signals;
    }

    private List<Node> alertsOf(Node document) {
        List<Node> found = new ArrayList<>();
        for (Node envelope : JsonPayload.itemsOf(document)) {
            if (alerts == null) {
                found.add(envelope.expectObject("an alert"));
                continue;
            }
            List<JsonNode> matches = alerts.values(envelope.json());
            if (matches.isEmpty()) {
                throw new ParseException("alerts: " + alerts.text() + " matched nothing at " + envelope.pointer(),
                        envelope.pointer(), null);
            }
            for (JsonNode match : matches) {
                List<JsonNode> items = new ArrayList<>();
                if (match.isArray()) {
                    match.forEach(items::add);
                } else {
                    items.add(match);
                }
                for (int i = 0; i < items.size(); i++) {
                    found.add(Node.at(items.get(i), alerts.text() + "[" + i + "]").expectObject("an alert"));
                }
            }
        }
        return found;
    }

    private Signal map(Node alert, ParseContext context) {
        JsonNode item = alert.json();
        String eventId = text(sourceEventId, item);
        SignalDraft draft = new SignalDraft(mapping.id())
                .eventId(eventId)
                .title(text(title, item))
                .description(text(description, item))
                .category(text(category, item))
                .kind(Kinds.fromWord(text(kind, item)))
                .severity(severity(item))
                .status(status(item))
                .observedAt(observedAt(item))
                .hostname(text(hostname, item))
                .ip(text(ip, item))
                .cloudResourceId(text(cloudResourceId, item))
                .service(text(service, item))
                .environment(text(environment, item))
                .raw(item);
        if (eventId == null) {
            draft.idKey(SignalIds.contentHash(item));
        }
        draft.fingerprint(fingerprint(item));
        if (labels != null) {
            for (JsonNode value : labels.values(item)) {
                if (value.isObject()) {
                    Labels.flatten(Node.root(value), "", draft.labels());
                }
            }
        }
        for (ObservableSource source : observables) {
            for (JsonNode value : source.path().values(item)) {
                for (JsonNode element : value.isArray() ? value : List.of(value)) {
                    String text = Node.root(element).text();
                    if (source.type() == ObservableType.IP) {
                        draft.observables().ip(text, source.name());
                    } else {
                        draft.observable(source.type(), text, source.name());
                    }
                }
            }
        }
        return draft.build(context);
    }

    private Severity severity(JsonNode item) {
        String value = text(severity, item);
        if (value == null) {
            return severityDefault;
        }
        if (!severityMap.isEmpty()) {
            return severityMap.getOrDefault(key(value), severityDefault);
        }
        if (value.matches("\\d{1,2}") && SEVERITY_IDS.contains(Integer.parseInt(value))) {
            return Severity.of(Integer.parseInt(value));
        }
        Severity word = Severities.fromWord(value);
        return word != null ? word : severityDefault;
    }

    private SignalStatus status(JsonNode item) {
        String value = text(status, item);
        if (value == null) {
            return statusDefault;
        }
        if (!statusMap.isEmpty()) {
            return statusMap.getOrDefault(key(value), statusDefault);
        }
        return RESOLVED_WORDS.contains(key(value)) ? SignalStatus.RESOLVED : statusDefault;
    }

    private Instant observedAt(JsonNode item) {
        String value = text(observedAt, item);
        if (value == null || Times.isGoZeroTime(value)) {
            return null;
        }
        Instant time = Times.parse(value);
        if (time == null) {
            String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
            throw new ParseException("fields.observedAt: unreadable time '" + shown + "' at " + observedAt.text()
                    + " (expected RFC 3339 text or an epoch number)", observedAt.text(), null);
        }
        return time;
    }

    private String fingerprint(JsonNode item) {
        if (fingerprint.isEmpty()) {
            return null;
        }
        String[] parts = fingerprint.stream().map(expression -> text(expression, item)).toArray(String[]::new);
        if (Arrays.stream(parts).allMatch(part -> part == null)) {
            return null;
        }
        return parts.length == 1 ? parts[0] : SignalIds.hash(parts);
    }

    /** The first text, number or boolean the expression finds (an array counts by its first such element). */
    private static String text(FieldExpression expression, JsonNode item) {
        if (expression == null) {
            return null;
        }
        for (JsonNode value : expression.values(item)) {
            String text = scalar(value);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    private static String scalar(JsonNode value) {
        if (value.isArray()) {
            for (JsonNode element : value) {
                String text = Node.root(element).text();
                if (text != null) {
                    return text;
                }
            }
            return null;
        }
        return Node.root(value).text();
    }

    private void checkExample() {
        List<Node> items;
        try {
            items = alertsOf(Node.root(mapping.example()));
        } catch (ParseException e) {
            throw invalid(List.of(error(alerts != null ? "alerts" : "example", e.getMessage())));
        }
        if (items.isEmpty()) {
            throw invalid(List.of(error(alerts != null ? "alerts" : "example", "the example holds no alert")));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (Declared field : declared) {
            if (field.shape() != Shape.ALERTS && !field.expression().constant()) {
                String problem = fit(field, items);
                if (problem != null) {
                    errors.add(error(field.field(), field.expression().text() + " " + problem));
                }
            }
        }
        if (errors.isEmpty()) {
            try {
                parse(Json.write(mapping.example()), EXAMPLE_CONTEXT);
            } catch (ParseException e) {
                // Once the alerts are found, the only thing mapping an alert can fail on is an unreadable time.
                errors.add(error(observedAt != null ? "fields.observedAt" : "example", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
    }

    /** Null when the expression finds what its field needs in at least one alert of the example; else why not. */
    private static String fit(Declared field, List<Node> items) {
        List<JsonNode> values = items.stream().flatMap(item -> field.expression().values(item.json()).stream()).toList();
        if (values.isEmpty()) {
            return "matched nothing in the example";
        }
        if (field.shape() == Shape.OBJECT && values.stream().noneMatch(JsonNode::isObject)) {
            return "matched no JSON object in the example";
        }
        if (field.shape() == Shape.SCALAR && values.stream().allMatch(value -> scalar(value) == null)) {
            return "matched only empty values, objects or arrays in the example; expected a text, number or boolean";
        }
        return null;
    }

    private FieldExpression expression(String field, JsonNode spec, Shape shape, boolean allowConstant,
                                       List<Problem.FieldError> errors) {
        if (spec == null || spec.isNull()) {
            return null;
        }
        try {
            FieldExpression expression = FieldExpression.compile(spec, allowConstant);
            declared.add(new Declared(field, expression, shape));
            return expression;
        } catch (IllegalArgumentException e) {
            errors.add(error(field, e.getMessage()));
            return null;
        }
    }

    private void compileObservables(List<FormatMapping.ObservableField> declaredObservables, List<Problem.FieldError> errors) {
        if (declaredObservables == null) {
            return;
        }
        for (int i = 0; i < declaredObservables.size(); i++) {
            String field = "fields.observables[" + i + "]";
            FormatMapping.ObservableField observable = declaredObservables.get(i);
            if (observable == null) {
                errors.add(error(field, "required: {\"type\": …, \"path\": …}"));
                continue;
            }
            ObservableType type = null;
            try {
                type = observable.type() == null ? null : Wire.parse(ObservableType.class, observable.type());
            } catch (IllegalArgumentException e) {
                errors.add(error(field + ".type", e.getMessage()));
            }
            if (observable.type() == null) {
                errors.add(error(field + ".type", "required"));
            }
            FieldExpression path = expression(field + ".path", observable.path(), Shape.SCALAR, false, errors);
            if (observable.path() == null || observable.path().isNull()) {
                errors.add(error(field + ".path", "required"));
            }
            if (type != null && path != null) {
                observables.add(new ObservableSource(type, path, observable.name() != null ? observable.name() : path.text()));
            }
        }
    }

    private void compileFingerprint(List<JsonNode> declaredFingerprint, List<Problem.FieldError> errors) {
        if (declaredFingerprint == null) {
            return;
        }
        for (int i = 0; i < declaredFingerprint.size(); i++) {
            JsonNode spec = declaredFingerprint.get(i);
            if (spec == null || spec.isNull()) {
                errors.add(error("fingerprint[" + i + "]", "required: an expression"));
                continue;
            }
            FieldExpression expression = expression("fingerprint[" + i + "]", spec, Shape.SCALAR, false, errors);
            if (expression != null) {
                fingerprint.add(expression);
            }
        }
    }

    private void compileSeverityMap(Map<String, Integer> declaredMap, List<Problem.FieldError> errors) {
        if (declaredMap == null) {
            return;
        }
        declaredMap.forEach((value, id) -> {
            Severity mapped = severityId("severityMap." + value, id, errors);
            if (mapped != null && severityMap.put(key(value), mapped) != null) {
                errors.add(error("severityMap." + value, "given twice (values are compared case-insensitively)"));
            }
        });
    }

    private void compileStatusMap(Map<String, String> declaredMap, List<Problem.FieldError> errors) {
        if (declaredMap == null) {
            return;
        }
        declaredMap.forEach((value, target) -> {
            SignalStatus mapped = status("statusMap." + value, target, errors);
            if (mapped != null && statusMap.put(key(value), mapped) != null) {
                errors.add(error("statusMap." + value, "given twice (values are compared case-insensitively)"));
            }
        });
    }

    private static Severity severityId(String field, Integer id, List<Problem.FieldError> errors) {
        if (id == null || !SEVERITY_IDS.contains(id)) {
            errors.add(error(field, "must be an OCSF severity id: 0-6 or 99"));
            return null;
        }
        return Severity.of(id);
    }

    private static SignalStatus status(String field, String value, List<Problem.FieldError> errors) {
        try {
            return Wire.parse(SignalStatus.class, value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            errors.add(error(field, "must be firing or resolved"));
            return null;
        }
    }

    private static String key(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }

    private static Problem.FieldError error(String field, String message) {
        return new Problem.FieldError(field, message);
    }

    private ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
        String name = mapping.id() == null ? "the format mapping" : "format mapping '" + mapping.id() + "'";
        return new ProblemException(400, "Bad Request", name + " does not fit: " + detail, errors);
    }
}
