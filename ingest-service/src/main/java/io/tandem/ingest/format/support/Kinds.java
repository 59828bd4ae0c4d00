package io.tandem.ingest.format.support;

import io.tandem.model.signal.SignalKind;

import java.util.Locale;
import java.util.regex.Pattern;

/** Reads a kind named by the source (a {@code kind}/{@code category} label) and recognizes availability alerts. */
public final class Kinds {

    private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z])([A-Z])");
    private static final Pattern AVAILABILITY = Pattern.compile(
            "(?i)(^up$|\\bdown\\b|unreachable|unavailable|not.?available|not.?responding|outage|absent|probe.?fail|"
                    + "healthcheck.?fail|endpoint.?down|no.?data|heartbeat)");

    /** The kind a word names ("security", "ops", "vuln", "config-change", "availability"...), or null. */
    public static SignalKind fromWord(String word) {
        if (word == null) {
            return null;
        }
        String w = word.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        return switch (w) {
            case "security", "sec", "threat", "detection", "siem", "intrusion" -> SignalKind.SECURITY;
            case "operational", "operations", "ops", "performance", "capacity", "infrastructure", "infra" ->
                    SignalKind.OPERATIONAL;
            case "vulnerability", "vuln", "vulnerabilities", "cve" -> SignalKind.VULNERABILITY;
            case "configuration-change", "config-change", "configuration", "config", "change", "compliance",
                 "misconfiguration", "posture" -> SignalKind.CONFIGURATION_CHANGE;
            case "availability", "uptime", "health", "reachability" -> SignalKind.AVAILABILITY;
            default -> null;
        };
    }

    /**
     * Words that every match of {@link #AVAILABILITY} contains (spaces are only ever inserted between them): a name
     * without any of them cannot match, and most alert names have none, so the regex runs only on the few that might.
     */
    private static final String[] AVAILABILITY_WORDS = {"up", "down", "unreachable", "unavailable", "available",
            "responding", "outage", "absent", "fail", "data", "heartbeat"};

    /** True for names like {@code InstanceDown}, {@code up}, {@code TargetUnreachable}, {@code HostDown}. */
    public static boolean looksLikeAvailability(String name) {
        return name != null && mayNameAvailability(name)
                && AVAILABILITY.matcher(CAMEL_HUMP.matcher(name).replaceAll("$1 $2").replace('_', ' ').replace('-', ' ')).find();
    }

    private static boolean mayNameAvailability(String name) {
        for (String word : AVAILABILITY_WORDS) {
            for (int i = 0; i + word.length() <= name.length(); i++) {
                if (name.regionMatches(true, i, word, 0, word.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    private Kinds() {
    }
}
