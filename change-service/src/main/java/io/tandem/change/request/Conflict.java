package io.tandem.change.request;

import io.tandem.model.Wire;

import java.util.UUID;

/**
 * Something the planned window collides with, reported on submit the way ServiceNow's conflict detection does.
 *
 * @param with the other change or the blackout window, when the conflict is with one
 */
public record Conflict(Kind kind, UUID with, String detail) {

    /** What kind of collision. */
    public enum Kind implements Wire.Named {
        /** Another change on one of the same assets in an overlapping window. */
        SAME_ASSET,
        /** Another change on an asset in the blast radius (inventory's impact relation) in an overlapping window. */
        BLAST_RADIUS,
        /** The window crosses a blackout window; only emergency changes may. */
        BLACKOUT,
        /** The window is outside an asset's maintenance window. */
        OUTSIDE_MAINTENANCE_WINDOW
    }
}
