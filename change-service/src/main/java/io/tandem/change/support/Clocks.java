package io.tandem.change.support;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The service's clock as a bean, so time-driven behaviour is driven by an injected {@link Clock}. */
@Singleton
public class Clocks {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** {@code clock}'s now, truncated to what PostgreSQL stores so a state reads back equal. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
