package io.tandem.change;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Tunables of change: how often the jobs run, the emergency review deadline and the detection windows. */
@ConfigMapping(prefix = "change")
public interface ChangeConfig {

    Jobs jobs();

    Emergency emergency();

    IncidentLink incidentLink();

    Unauthorized unauthorized();

    /** The window, expiry and review-deadline jobs. */
    interface Jobs {
        /** How often they run (a Quarkus scheduler interval such as {@code 30s}); window events lag by at most this. */
        @WithDefault("30s")
        String every();

        /** Delay of the first run after start. */
        @WithDefault("10s")
        String delay();
    }

    /** Emergency changes may start before approval, but not go unreviewed. */
    interface Emergency {
        /** The post-implementation review is due this long after the change started. */
        @WithDefault("PT72H")
        Duration reviewWithin();
    }

    /** Change-induced incidents. */
    interface IncidentLink {
        /** An incident opened on an asset this long after a change on it completed counts as caused by it. */
        @WithDefault("PT24H")
        Duration within();
    }

    /** Unauthorized-change detection. */
    interface Unauthorized {
        /** A configuration change observed this close to an approved change's window still counts as inside it. */
        @WithDefault("PT15M")
        Duration grace();
    }
}
