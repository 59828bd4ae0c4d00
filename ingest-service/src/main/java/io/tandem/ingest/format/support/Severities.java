package io.tandem.ingest.format.support;

import io.tandem.model.signal.Severity;

import java.util.Locale;
import java.util.Map;

/**
 * Severity scales several formats share, mapped to OCSF {@code severity_id}. Format-specific scales are tabled in
 * each parser's Javadoc and built on these.
 */
public final class Severities {

    /**
     * Common severity words, case-insensitive:
     * <table>
     * <tr><th>words</th><th>OCSF</th></tr>
     * <tr><td>fatal</td><td>6 Fatal</td></tr>
     * <tr><td>critical, crit, disaster, emergency, emerg, alert, page, very-high, p1</td><td>5 Critical</td></tr>
     * <tr><td>high, error, err, major, severe, p2</td><td>4 High</td></tr>
     * <tr><td>medium, moderate, warning, warn, average, p3</td><td>3 Medium</td></tr>
     * <tr><td>low, minor, p4</td><td>2 Low</td></tr>
     * <tr><td>info, informational, information, notice, debug, ok, p5</td><td>1 Informational</td></tr>
     * <tr><td>anything else</td><td>null (caller decides)</td></tr>
     * </table>
     */
    private static final Map<String, Severity> WORDS = Map.ofEntries(
            Map.entry("fatal", Severity.FATAL),
            Map.entry("critical", Severity.CRITICAL), Map.entry("crit", Severity.CRITICAL),
            Map.entry("disaster", Severity.CRITICAL), Map.entry("emergency", Severity.CRITICAL),
            Map.entry("emerg", Severity.CRITICAL), Map.entry("alert", Severity.CRITICAL),
            Map.entry("page", Severity.CRITICAL), Map.entry("very-high", Severity.CRITICAL),
            Map.entry("veryhigh", Severity.CRITICAL), Map.entry("p1", Severity.CRITICAL),
            Map.entry("high", Severity.HIGH), Map.entry("error", Severity.HIGH), Map.entry("err", Severity.HIGH),
            Map.entry("major", Severity.HIGH), Map.entry("severe", Severity.HIGH), Map.entry("p2", Severity.HIGH),
            Map.entry("medium", Severity.MEDIUM), Map.entry("moderate", Severity.MEDIUM),
            Map.entry("warning", Severity.MEDIUM), Map.entry("warn", Severity.MEDIUM),
            Map.entry("average", Severity.MEDIUM), Map.entry("p3", Severity.MEDIUM),
            Map.entry("low", Severity.LOW), Map.entry("minor", Severity.LOW), Map.entry("p4", Severity.LOW),
            Map.entry("info", Severity.INFORMATIONAL), Map.entry("informational", Severity.INFORMATIONAL),
            Map.entry("information", Severity.INFORMATIONAL), Map.entry("notice", Severity.INFORMATIONAL),
            Map.entry("debug", Severity.INFORMATIONAL), Map.entry("ok", Severity.INFORMATIONAL),
            Map.entry("p5", Severity.INFORMATIONAL),
            Map.entry("unknown", Severity.UNKNOWN), Map.entry("none", Severity.UNKNOWN),
            Map.entry("unspecified", Severity.UNKNOWN), Map.entry("severity_unspecified", Severity.UNKNOWN));

    /** A common severity word (see the table on {@link #WORDS}); null when not one of them. */
    public static Severity fromWord(String word) {
        return word == null ? null : WORDS.get(word.trim().toLowerCase(Locale.ROOT));
    }

    /** {@link #fromWord} or Unknown. */
    public static Severity fromWordOrUnknown(String word) {
        Severity severity = fromWord(word);
        return severity == null ? Severity.UNKNOWN : severity;
    }

    /**
     * The 0-10 scale of CEF, LEEF and QRadar (CEF names 0-3 Low, 4-6 Medium, 7-8 High, 9-10 Very-High):
     * <table>
     * <tr><th>value</th><th>OCSF</th></tr>
     * <tr><td>0</td><td>1 Informational (devices send 0 for plain logs)</td></tr>
     * <tr><td>1-3</td><td>2 Low</td></tr>
     * <tr><td>4-6</td><td>3 Medium</td></tr>
     * <tr><td>7-8</td><td>4 High</td></tr>
     * <tr><td>9-10</td><td>5 Critical</td></tr>
     * <tr><td>out of range</td><td>null</td></tr>
     * </table>
     */
    public static Severity fromTenPoint(Integer value) {
        if (value == null || value < 0 || value > 10) {
            return null;
        }
        if (value == 0) {
            return Severity.INFORMATIONAL;
        }
        if (value <= 3) {
            return Severity.LOW;
        }
        if (value <= 6) {
            return Severity.MEDIUM;
        }
        return value <= 8 ? Severity.HIGH : Severity.CRITICAL;
    }

    /** A number in text form read on the 0-10 scale, else a severity word; null when neither. */
    public static Severity fromTenPointOrWord(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (!t.isEmpty() && t.length() <= 2 && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return fromTenPoint(Integer.parseInt(t));
        }
        return fromWord(t);
    }

    private Severities() {
    }
}
