package io.tandem.triage.config;

import io.tandem.service.Roles;
import jakarta.ws.rs.core.SecurityContext;

/** Who is calling, from the verified token, for {@code createdBy} and the admin-only overrides. */
record Actor(String name, boolean admin) {

    static Actor of(SecurityContext security) {
        return new Actor(security.getUserPrincipal().getName(), security.isUserInRole(Roles.ADMIN));
    }
}
