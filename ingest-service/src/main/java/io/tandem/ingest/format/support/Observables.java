package io.tandem.ingest.format.support;

import io.tandem.model.signal.Observable;
import io.tandem.model.signal.ObservableType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Collects a signal's indicators, skipping blanks and duplicates, and classifies raw values (IP, URL, hash, email,
 * domain, MAC) where a format gives only a string. Address checks are textual: nothing here ever resolves a name.
 */
public final class Observables {

    private static final int LIMIT = 256;
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}(%[\\w.]+)?");
    private static final Pattern HASH = Pattern.compile("[0-9A-Fa-f]{32}|[0-9A-Fa-f]{40}|[0-9A-Fa-f]{64}|[0-9A-Fa-f]{128}");
    private static final Pattern URL = Pattern.compile("(?i)[a-z][a-z0-9+.-]{1,15}://\\S+");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?i)(\\*\\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}\\.?");
    private static final Pattern MAC = Pattern.compile("([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}");

    private final List<Observable> items = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    /** Adds an indicator of a known type; blank values and repeats of the same type and value are skipped. */
    public Observables add(ObservableType type, String value, String name) {
        if (type == null || value == null || value.isBlank() || items.size() >= LIMIT) {
            return this;
        }
        String v = value.trim();
        if (seen.add(type + "\u0000" + v)) {
            items.add(Observable.of(type, v, name));
        }
        return this;
    }

    /** An address field: IP when the value is one, else kept as OTHER (redacted or malformed, still evidence). */
    public Observables ip(String value, String name) {
        return add(isIp(value) ? ObservableType.IP : ObservableType.OTHER, value, name);
    }

    /** A host-name field: IP when it is one, DOMAIN when it has a dot, else OTHER. */
    public Observables host(String value, String name) {
        if (value == null) {
            return this;
        }
        if (isIp(value)) {
            return add(ObservableType.IP, value, name);
        }
        return add(DOMAIN.matcher(value.trim()).matches() ? ObservableType.DOMAIN : ObservableType.OTHER, value, name);
    }

    /** A value of unknown meaning, added only when it is recognizably an indicator. */
    public Observables guess(String value, String name) {
        ObservableType type = classify(value);
        return type == null ? this : add(type, value, name);
    }

    public List<Observable> list() {
        return List.copyOf(items);
    }

    /** The indicator type a bare value looks like, or null. */
    public static ObservableType classify(String value) {
        if (value == null || value.isBlank() || value.length() > 2048) {
            return null;
        }
        String v = value.trim();
        if (isIp(v)) {
            return ObservableType.IP;
        }
        // Each pattern only after a cheap check that it can match: parsers classify every label value.
        int length = v.length();
        if (length == 17 && MAC.matcher(v).matches()) {
            return ObservableType.MAC;
        }
        if ((length == 32 || length == 40 || length == 64 || length == 128) && HASH.matcher(v).matches()) {
            return ObservableType.FILE_HASH;
        }
        if (v.contains("://") && URL.matcher(v).matches()) {
            return ObservableType.URL;
        }
        if (v.indexOf('@') > 0 && EMAIL.matcher(v).matches()) {
            return ObservableType.EMAIL;
        }
        return null;
    }

    public static boolean isIp(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim();
        return isIpv4(v) || isIpv6(v);
    }

    /** Dotted quad, each part 0-255 without leading zeros; by hand, as this runs on every label value. */
    private static boolean isIpv4(String v) {
        int n = v.length();
        if (n < 7 || n > 15) {
            return false;
        }
        int parts = 0;
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i < n && v.charAt(i) != '.') {
                char c = v.charAt(i);
                if (c < '0' || c > '9' || i - start >= 3) {
                    return false;
                }
                continue;
            }
            int length = i - start;
            if (length == 0 || (length > 1 && v.charAt(start) == '0') || Integer.parseInt(v, start, i, 10) > 255) {
                return false;
            }
            parts++;
            start = i + 1;
        }
        return parts == 4;
    }

    private static boolean isIpv6(String v) {
        if (v.indexOf(':') < 0 || !IPV6.matcher(v).matches()) {
            return false;
        }
        String address = v.contains("%") ? v.substring(0, v.indexOf('%')) : v;
        int doubleColon = address.indexOf("::");
        if (doubleColon >= 0 && address.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] groups = address.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.isEmpty()) {
                continue;
            }
            if (i == groups.length - 1 && g.contains(".")) {
                if (!isIpv4(g)) {
                    return false;
                }
                count += 2;
            } else if (g.length() > 4 || g.contains(".")) {
                return false;
            } else {
                count++;
            }
        }
        return doubleColon >= 0 ? count < 8 : count == 8;
    }

    /** RFC 1918, loopback, link-local, CGNAT and IPv6 unique-local/link-local addresses. */
    public static boolean isPrivate(String ip) {
        if (!isIp(ip)) {
            return false;
        }
        String v = ip.trim().toLowerCase(Locale.ROOT);
        if (v.contains(":")) {
            return v.startsWith("fc") || v.startsWith("fd") || v.startsWith("fe80") || v.equals("::1");
        }
        String[] octets = v.split("\\.");
        int a = Integer.parseInt(octets[0]);
        int b = Integer.parseInt(octets[1]);
        return a == 10 || a == 127 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)
                || (a == 169 && b == 254) || (a == 100 && b >= 64 && b <= 127);
    }

    /** Of a flow's two ends, the internal one (destination first), as the asset a network alert is about. */
    public static String internalEnd(String source, String destination) {
        if (isPrivate(destination)) {
            return destination;
        }
        if (isPrivate(source)) {
            return source;
        }
        return isIp(destination) ? destination : isIp(source) ? source : null;
    }
}
