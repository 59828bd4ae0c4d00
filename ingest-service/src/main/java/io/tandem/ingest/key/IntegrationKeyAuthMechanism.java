package io.tandem.ingest.key;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.tandem.service.Roles;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * Lets senders authenticate the way their tool already does: {@code Authorization: Bearer tdm_…} (Prometheus'
 * {@code authorization} block) and {@code Authorization: GenieKey tdm_…} (Opsgenie). A valid key becomes an identity
 * of role {@code ingest} named after the key's source; any other bearer token is left to the JWT mechanism.
 */
@ApplicationScoped
public class IntegrationKeyAuthMechanism implements HttpAuthenticationMechanism {

    public static final String SOURCE_ATTRIBUTE = "source";

    private final IntegrationKeyStore store;

    public IntegrationKeyAuthMechanism(IntegrationKeyStore store) {
        this.store = store;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String presented = presentedKey(context.request().getHeader("Authorization"));
        if (presented == null) {
            return Uni.createFrom().nullItem();
        }
        return store.authenticate(presented)
                .<Uni<SecurityIdentity>>map(key -> Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(key.source()))
                        .addRole(Roles.INGEST)
                        .addAttribute(SOURCE_ATTRIBUTE, key.source())
                        .build()))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown or revoked integration key")));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    @Override
    public int getPriority() {
        return 3000;
    }

    /** The integration key in an Authorization header, or null when the header carries something else. */
    static String presentedKey(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        int space = value.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = value.substring(0, space);
        String credential = value.substring(space + 1).trim();
        boolean ours = credential.startsWith("tdm_");
        if ("GenieKey".equalsIgnoreCase(scheme) || ("Bearer".equalsIgnoreCase(scheme) && ours)) {
            return credential;
        }
        return null;
    }
}
