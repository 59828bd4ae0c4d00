package io.tandem.model.asset;

import io.tandem.model.signal.AssetRef;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Normalizes identifiers so every tool's spelling of one name yields the same key: hosts lower-cased with the
 * domain split off ({@code WEB-01.corp.example} also answers to {@code host:web-01}), IPs in RFC 5952 form
 * ({@code 2001:DB8:0:0::15} is {@code ip:2001:db8::15}), MACs colon-separated lower-case. The keys are the primary
 * key of {@code asset_identifier}, so matching is one index lookup.
 */
public final class Identifiers {

    private static final Pattern HOST = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-f:.]+");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{12}");

    /** One normalized key of an asset; a derived key (an FQDN's short name) matches but is not listed. */
    public record Key(String key, IdentifierType type, String value, boolean derived) {
    }

    /**
     * The keys of one registered identifier, first the identifier's own; a malformed value is an
     * {@link IllegalArgumentException} saying what is wrong.
     */
    public static List<Key> keys(Identifier identifier) {
        String value = identifier.value().trim();
        return switch (identifier.type()) {
            case HOSTNAME, FQDN -> hostKeys(identifier.type(), value);
            case IP -> List.of(new Key("ip:" + ip(value), IdentifierType.IP, value, false));
            case MAC -> List.of(new Key("mac:" + mac(value), IdentifierType.MAC, value, false));
            case CLOUD_RESOURCE_ID -> List.of(new Key("cloud:" + value.toLowerCase(Locale.ROOT),
                    IdentifierType.CLOUD_RESOURCE_ID, value, false));
        };
    }

    /** The keys of a list of identifiers without duplicates, preferring a registered key over a derived one. */
    public static List<Key> keys(List<Identifier> identifiers) {
        Map<String, Key> byKey = new LinkedHashMap<>();
        for (Identifier identifier : identifiers) {
            for (Key key : keys(identifier)) {
                Key existing = byKey.get(key.key());
                if (existing == null || (existing.derived() && !key.derived())) {
                    byKey.put(key.key(), key);
                }
            }
        }
        return List.copyOf(byKey.values());
    }

    /**
     * The identifiers a signal names, as far as they are well-formed; a hostname that is really an IP literal is
     * treated as an IP, since tools put addresses in host fields.
     */
    public static List<Identifier> of(AssetRef ref) {
        List<Identifier> identifiers = new ArrayList<>();
        if (ref.cloudResourceId() != null && !ref.cloudResourceId().isBlank()) {
            identifiers.add(new Identifier(IdentifierType.CLOUD_RESOURCE_ID, ref.cloudResourceId().trim()));
        }
        if (ref.hostname() != null && !ref.hostname().isBlank()) {
            String host = ref.hostname().trim();
            if (isIp(host)) {
                identifiers.add(new Identifier(IdentifierType.IP, host));
            } else if (isHost(host)) {
                identifiers.add(new Identifier(host.contains(".") ? IdentifierType.FQDN : IdentifierType.HOSTNAME, host));
            }
        }
        if (ref.ip() != null && isIp(ref.ip().trim())) {
            identifiers.add(new Identifier(IdentifierType.IP, ref.ip().trim()));
        }
        return identifiers;
    }

    /** Lookup keys for a value of unknown type, e.g. the {@code identifier} query parameter. */
    public static List<String> lookupKeys(String value) {
        String trimmed = value.trim();
        List<String> keys = new ArrayList<>();
        if (isIp(trimmed)) {
            keys.add("ip:" + ip(trimmed));
        }
        try {
            keys.add("mac:" + mac(trimmed));
        } catch (IllegalArgumentException notMac) {
            // Not a MAC: the other interpretations still apply.
        }
        if (isHost(trimmed)) {
            hostKeys(IdentifierType.HOSTNAME, trimmed).forEach(k -> keys.add(k.key()));
        }
        keys.add("cloud:" + trimmed.toLowerCase(Locale.ROOT));
        return keys;
    }

    static boolean isIp(String value) {
        return normalIp(value) != null;
    }

    static boolean isHost(String value) {
        String host = stripDot(value.toLowerCase(Locale.ROOT));
        return !host.isEmpty() && HOST.matcher(host).matches() && !IPV4.matcher(host).matches();
    }

    private static List<Key> hostKeys(IdentifierType type, String value) {
        String host = stripDot(value.toLowerCase(Locale.ROOT));
        if (host.isEmpty() || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a valid host name");
        }
        int dot = host.indexOf('.');
        if (dot < 0) {
            if (type == IdentifierType.FQDN) {
                throw new IllegalArgumentException("'" + value + "' is not fully qualified (no domain)");
            }
            return List.of(new Key("host:" + host, IdentifierType.HOSTNAME, value, false));
        }
        // A dotted name registered as a hostname is an FQDN all the same: keep both spellings matchable.
        return List.of(new Key("fqdn:" + host, IdentifierType.FQDN, value, false),
                new Key("host:" + host.substring(0, dot), IdentifierType.HOSTNAME, host.substring(0, dot), true));
    }

    /** RFC 5952 text of an IPv6 address, dotted decimal without leading zeros for IPv4 (also IPv4-mapped IPv6). */
    static String ip(String value) {
        String ip = normalIp(value);
        if (ip == null) {
            throw new IllegalArgumentException("'" + value + "' is not a valid IP address");
        }
        return ip;
    }

    /**
     * {@link #ip} without the exception: null for a value that is not an IP literal. Every signal's host is tested,
     * and most hosts are names, for which building an exception cost more than the rest of the lookup.
     */
    private static String normalIp(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        var v4 = IPV4.matcher(text);
        if (v4.matches()) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i <= 4; i++) {
                int octet = Integer.parseInt(v4.group(i));
                if (octet > 255) {
                    return null;
                }
                out.append(i > 1 ? "." : "").append(octet);
            }
            return out.toString();
        }
        // Only a string of hex digits, colons and dots reaches InetAddress, which then parses a literal and never
        // resolves a name over DNS.
        if (!text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
            return null;
        }
        try {
            InetAddress address = InetAddress.getByName(text);
            if (address instanceof Inet4Address) {
                return address.getHostAddress();
            }
            return compress(address.getAddress());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String compress(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    static String mac(String value) {
        String hex = value.trim().toLowerCase(Locale.ROOT).replaceAll("[-:.]", "");
        if (!MAC.matcher(hex).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a valid MAC address");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 12; i += 2) {
            out.append(i > 0 ? ":" : "").append(hex, i, i + 2);
        }
        return out.toString();
    }

    private static String stripDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private Identifiers() {
    }
}
