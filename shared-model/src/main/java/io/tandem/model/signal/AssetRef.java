package io.tandem.model.signal;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Locale;

/** What a signal says about the asset it concerns, as far as the source knows; inventory resolves it to an asset. */
public record AssetRef(String hostname, String ip, String cloudResourceId, String service, String environment) {

    public static final AssetRef UNKNOWN = new AssetRef(null, null, null, null, null);

    /**
     * The Kafka key of the signal: the most specific identifier, so all signals of one asset share a partition.
     * Hostnames are lower-cased because tools disagree on case.
     */
    @JsonIgnore
    public String key() {
        if (cloudResourceId != null) {
            return cloudResourceId;
        }
        if (hostname != null) {
            return hostname.toLowerCase(Locale.ROOT);
        }
        if (ip != null) {
            return ip;
        }
        return service;
    }
}
