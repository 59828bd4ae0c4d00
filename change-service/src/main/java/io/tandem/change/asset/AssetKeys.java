package io.tandem.change.asset;

import io.tandem.model.asset.Asset;
import io.tandem.model.asset.Identifier;
import io.tandem.model.signal.AssetRef;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The keys that name an asset in signals ({@link AssetRef#key()}: hostnames lower-cased, IPs and cloud ids as
 * given). A change carries its assets' keys so that triage can match a signal to a change window by key alone.
 */
public final class AssetKeys {

    /** Every key a signal about {@code asset} may carry, most specific first; the short name of an FQDN too. */
    public static List<String> of(Asset asset) {
        Set<String> keys = new LinkedHashSet<>();
        for (Identifier identifier : asset.identifiers()) {
            String value = identifier.value().trim();
            switch (identifier.type()) {
                case CLOUD_RESOURCE_ID, IP -> keys.add(value);
                case FQDN -> {
                    String fqdn = value.toLowerCase(Locale.ROOT);
                    keys.add(fqdn);
                    keys.add(fqdn.contains(".") ? fqdn.substring(0, fqdn.indexOf('.')) : fqdn);
                }
                case HOSTNAME -> keys.add(value.toLowerCase(Locale.ROOT));
                case MAC -> {
                    // Signals are never keyed by MAC.
                }
            }
        }
        if (keys.isEmpty()) {
            keys.add(asset.name().toLowerCase(Locale.ROOT));
        }
        return List.copyOf(keys);
    }

    /** The keys under which a signal's asset may be known here: its own key and its other names. */
    public static List<String> of(AssetRef ref) {
        Set<String> keys = new LinkedHashSet<>();
        if (ref.key() != null) {
            keys.add(ref.key());
        }
        if (ref.hostname() != null) {
            String host = ref.hostname().trim().toLowerCase(Locale.ROOT);
            keys.add(host);
            if (host.contains(".")) {
                keys.add(host.substring(0, host.indexOf('.')));
            }
        }
        if (ref.ip() != null) {
            keys.add(ref.ip().trim());
        }
        if (ref.cloudResourceId() != null) {
            keys.add(ref.cloudResourceId().trim());
        }
        return List.copyOf(keys);
    }

    private AssetKeys() {
    }
}
