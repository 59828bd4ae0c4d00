package io.tandem.service;

/** The platform's roles (docs/architecture.md, "Security"); {@code @RolesAllowed} uses these constants. */
public final class Roles {

    /** Reads everything. */
    public static final String VIEWER = "viewer";
    /** Acts on incidents and alerts. */
    public static final String RESPONDER = "responder";
    /** Approves and runs changes. */
    public static final String CHANGE_MANAGER = "change-manager";
    /** Configures the platform. */
    public static final String ADMIN = "admin";
    /** A source pushing signals; its token names the source. */
    public static final String INGEST = "ingest";

    private Roles() {
    }
}
