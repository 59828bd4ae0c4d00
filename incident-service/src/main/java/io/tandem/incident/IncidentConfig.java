package io.tandem.incident;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tandem.model.Priority;
import io.tandem.model.incident.IncidentKind;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Tunables of incident: which kinds resolve with their alert groups, SLAs per priority, poll period. */
@ConfigMapping(prefix = "incident")
public interface IncidentConfig {

    /** Kinds whose open incidents resolve once every linked alert group is resolved. */
    @WithDefault("operational")
    Set<String> autoResolveKinds();

    /** Acknowledge-by and resolve-by per priority name (P1 to P5). */
    Map<String, Sla> sla();

    default Sla slaOf(Priority priority) {
        Sla sla = sla().get(priority.name());
        if (sla == null) {
            throw new IllegalStateException("no incident.sla." + priority.name() + " configured");
        }
        return sla;
    }

    /** How often the escalation, SLA and webhook pollers look for due work (a scheduler interval such as 5s). */
    @WithDefault("5s")
    String pollEvery();

    /** Action types (e.g. isolate-host) that wait for a responder's approval before they are published. */
    @WithDefault("isolate-host,disable-user")
    Set<String> actionsRequiringApproval();

    /** Webhook delivery: retries with exponential backoff, then give up. */
    Webhooks webhooks();

    interface Webhooks {
        /** Wait before the first retry; doubles with each failed attempt. */
        @WithDefault("PT5S")
        Duration backoffInitial();

        @WithDefault("PT10M")
        Duration backoffMax();

        /** Attempts before a delivery is marked failed. */
        @WithDefault("20")
        int maxAttempts();

        /** How long a claimed delivery is reserved for its sender before another instance may retry it. */
        @WithDefault("PT1M")
        Duration lease();

        @WithDefault("PT10S")
        Duration timeout();
    }

    /** Deadlines of one priority, counted from the incident's opening. */
    interface Sla {
        Duration acknowledge();

        Duration resolve();
    }

    default boolean autoResolves(IncidentKind kind) {
        return autoResolveKinds().contains(kind.wire());
    }
}
