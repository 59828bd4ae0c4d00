package io.tandem.ingest.http;

import io.quarkus.security.identity.SecurityIdentity;
import io.tandem.ingest.key.IntegrationKeyAuthMechanism;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who sent a payload: the source an integration key or ingest token names, else the caller's name. */
public final class Senders {

    public static String of(SecurityIdentity identity) {
        Object fromKey = identity.getAttribute(IntegrationKeyAuthMechanism.SOURCE_ATTRIBUTE);
        if (fromKey != null) {
            return fromKey.toString();
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getClaim("source") != null) {
            return jwt.getClaim("source").toString();
        }
        return identity.getPrincipal().getName();
    }

    private Senders() {
    }
}
