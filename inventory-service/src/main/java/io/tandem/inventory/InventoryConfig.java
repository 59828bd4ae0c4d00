package io.tandem.inventory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Tunables of inventory: staleness periods, import limits and how often discovery refreshes last-seen. */
@ConfigMapping(prefix = "inventory")
public interface InventoryConfig {

    Stale stale();

    Import importer();

    Discovery discovery();

    /** When a managed asset counts as stale. */
    interface Stale {
        /** Not seen in any signal for this long. */
        @WithDefault("P7D")
        Duration notSeen();

        /** Not patched for this long. */
        @WithDefault("P30D")
        Duration notPatched();

        /** How often the scheduled check runs (a Quarkus scheduler interval such as {@code 1h}). */
        @WithDefault("1h")
        String checkEvery();

        /** Delay of the first check after start. */
        @WithDefault("1m")
        String checkDelay();
    }

    /** Limits of {@code POST /api/v1/assets/import}. */
    interface Import {
        /** More rows than this in one call is a 413. */
        @WithDefault("50000")
        int maxRows();
    }

    /** Discovery from signals. */
    interface Discovery {
        /**
         * A signal moves last-seen (and republishes the asset) only when it is at least this much newer, so a chatty
         * host does not turn every signal into a compacted-topic write.
         */
        @WithDefault("PT1M")
        Duration lastSeenGranularity();
    }
}
