package io.tandem.kpi.projection;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The reactive PostgreSQL client binds {@code timestamptz} as {@link OffsetDateTime}; facts are UTC instants. */
public final class Sql {

    public static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private Sql() {
    }
}
