package io.tandem.ingest.format.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.ingest.format.ParseContext;
import io.tandem.model.signal.AssetRef;
import io.tandem.model.signal.AttackRef;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalSource;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.signal.VulnerabilityRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A mutable signal under construction, filled field by field by a parser and turned into a valid {@link Signal} by
 * {@link #build}: the format-prefixed fingerprint, the deterministic id, the defaults and every invariant of the
 * record are settled here once, so no parser can trip the record's checks.
 */
public final class SignalDraft {

    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");

    private final String format;
    private String eventId;
    private String idKey;
    private String fingerprintKey;
    private SignalKind kind;
    private String category;
    private String title;
    private String description;
    private Severity severity;
    private SignalStatus status = SignalStatus.FIRING;
    private Instant observedAt;
    private String hostname;
    private String ip;
    private String cloudResourceId;
    private String service;
    private String environment;
    /** In key order from the start: the signal keeps its labels sorted, and copies a sorted map without comparing. */
    private final Map<String, String> labels = new TreeMap<>();
    private final Observables observables = new Observables();
    private final List<AttackRef> attack = new ArrayList<>();
    private final Set<String> cves = new LinkedHashSet<>();
    private Double cvssScore;
    private String cvssVector;
    private JsonNode raw;

    public SignalDraft(String format) {
        this.format = Objects.requireNonNull(format, "format");
    }

    /** The source's own event id: also the key of the signal id unless {@link #idKey} says otherwise. */
    public SignalDraft eventId(String value) {
        this.eventId = blankToNull(value);
        return this;
    }

    /** What makes this event distinct when the event id alone does not (e.g. a finding id plus its update time). */
    public SignalDraft idKey(String value) {
        this.idKey = blankToNull(value);
        return this;
    }

    /** The source's dedup key, without the format prefix (added by {@link #build}). */
    public SignalDraft fingerprint(String value) {
        this.fingerprintKey = blankToNull(value);
        return this;
    }

    public SignalDraft kind(SignalKind value) {
        this.kind = value;
        return this;
    }

    public SignalDraft category(String value) {
        this.category = blankToNull(value);
        return this;
    }

    public SignalDraft title(String value) {
        this.title = blankToNull(value);
        return this;
    }

    public SignalDraft description(String value) {
        this.description = blankToNull(value);
        return this;
    }

    public SignalDraft severity(Severity value) {
        this.severity = value;
        return this;
    }

    public SignalDraft status(SignalStatus value) {
        this.status = value == null ? SignalStatus.FIRING : value;
        return this;
    }

    public SignalDraft observedAt(Instant value) {
        this.observedAt = value;
        return this;
    }

    /** The first non-null of the candidates. */
    public SignalDraft observedAt(Instant... candidates) {
        for (Instant candidate : candidates) {
            if (candidate != null) {
                this.observedAt = candidate;
                return this;
            }
        }
        return this;
    }

    public SignalDraft hostname(String value) {
        this.hostname = blankToNull(value);
        return this;
    }

    public SignalDraft ip(String value) {
        this.ip = blankToNull(value);
        return this;
    }

    public SignalDraft cloudResourceId(String value) {
        this.cloudResourceId = blankToNull(value);
        return this;
    }

    public SignalDraft service(String value) {
        this.service = blankToNull(value);
        return this;
    }

    public SignalDraft environment(String value) {
        this.environment = blankToNull(value);
        return this;
    }

    public String hostname() {
        return hostname;
    }

    public String ip() {
        return ip;
    }

    public String service() {
        return service;
    }

    public String environment() {
        return environment;
    }

    public SignalKind kind() {
        return kind;
    }

    public Severity severity() {
        return severity;
    }

    public String title() {
        return title;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public SignalDraft label(String key, String value) {
        Labels.put(labels, key, value);
        return this;
    }

    public Observables observables() {
        return observables;
    }

    public SignalDraft observable(ObservableType type, String value, String name) {
        observables.add(type, value, name);
        return this;
    }

    public SignalDraft attack(AttackRef ref) {
        if (ref != null && !attack.contains(ref)) {
            attack.add(ref);
        }
        return this;
    }

    /** Adds a CVE id; anything not shaped {@code CVE-yyyy-nnnn} is kept as a label instead. */
    public SignalDraft cve(String id) {
        if (id == null || id.isBlank()) {
            return this;
        }
        String normalized = id.trim().toUpperCase(java.util.Locale.ROOT);
        if (CVE.matcher(normalized).matches()) {
            cves.add(normalized);
        } else {
            label("vulnerability.id", id.trim());
        }
        return this;
    }

    /** A CVSS base score (kept when within 0-10) and vector; the first one given wins. */
    public SignalDraft cvss(Double score, String vector) {
        if (cvssScore == null && score != null && score >= 0 && score <= 10) {
            cvssScore = score;
        }
        if (cvssVector == null) {
            cvssVector = blankToNull(vector);
        }
        return this;
    }

    public SignalDraft raw(JsonNode value) {
        this.raw = value;
        return this;
    }

    /** The finished signal; defaults: kind operational, severity Unknown, observedAt = ingestedAt. */
    public Signal build(ParseContext context) {
        Instant ingestedAt = context.ingestedAt() != null ? context.ingestedAt() : Instant.now();
        String fingerprint = format + ":" + (fingerprintKey != null ? fingerprintKey
                : SignalIds.hash(title, category, hostname, ip, cloudResourceId, service));
        String key = idKey != null ? idKey : eventId != null ? eventId
                : fingerprint + "|" + (observedAt == null ? "" : observedAt.toString()) + "|" + status.wire();
        String finalTitle = title != null ? title : category != null ? category : format + " alert";
        VulnerabilityRef vulnerability = cves.isEmpty() && cvssScore == null && cvssVector == null ? null
                : new VulnerabilityRef(List.copyOf(cves), cvssScore, cvssVector);
        AssetRef asset = new AssetRef(hostname, ip, cloudResourceId, service, environment);
        return new Signal(
                SignalIds.of(format, key),
                new SignalSource(format, context.instance()),
                eventId,
                fingerprint,
                kind == null ? SignalKind.OPERATIONAL : kind,
                category,
                finalTitle,
                description,
                severity == null ? Severity.UNKNOWN : severity,
                status,
                observedAt == null ? ingestedAt : observedAt,
                ingestedAt,
                asset,
                labels,
                observables.list(),
                attack,
                vulnerability,
                context.rawRef(),
                raw);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
