package io.tandem.triage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.model.triage.Decider;
import io.tandem.model.triage.TriageDecision;
import io.tandem.triage.grouping.FlapPolicy;
import io.tandem.triage.rules.PriorityTable;
import io.tandem.triage.stream.DecisionListener;
import io.tandem.triage.stream.StreamTopics;
import io.tandem.triage.stream.TriageTopology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives Quarkus the triage topology with its configuration, and counts every decision per outcome and per deciding
 * rule, so {@code tandem_triage_decisions_total} shows how much noise each rule removes and
 * {@code tandem_triage_releases_total} which silences, inhibit rules and changes held back alerts that paged later.
 * Counts may run slightly high after a task retry; the decisions topic is the exact record.
 */
@ApplicationScoped
public class TriageStreams {

    @Produces
    public Topology topology(@ConfigProperty(name = "tandem.triage.group-window") Duration window,
                             @ConfigProperty(name = "tandem.triage.default-team") String team,
                             @ConfigProperty(name = "tandem.triage.flap.changes") int flapChanges,
                             @ConfigProperty(name = "tandem.triage.flap.window") Duration flapWindow,
                             @ConfigProperty(name = "tandem.triage.flap.hold-down") Duration flapHoldDown,
                             @ConfigProperty(name = "tandem.triage.hold-check-interval") Duration holdCheck,
                             @ConfigProperty(name = "tandem.triage.priority.severity") String severity,
                             @ConfigProperty(name = "tandem.triage.priority.criticality") String criticality,
                             @ConfigProperty(name = "tandem.triage.priority.environment") String environment,
                             @ConfigProperty(name = "tandem.triage.priority.kind") String kind,
                             MeterRegistry metrics) {
        PriorityTable priorities = new PriorityTable(severity, criticality, environment, kind);
        return TriageTopology.build(new TriageTopology.Settings(StreamTopics.CONTRACT, window,
                new FlapPolicy(flapChanges, flapWindow, flapHoldDown), team, priorities, holdCheck, counting(metrics)),
                Stores::persistentKeyValueStore);
    }

    public static DecisionListener counting(MeterRegistry metrics) {
        Map<String, Counter> decisions = new ConcurrentHashMap<>();
        return (TriageDecision decision, Decider releasedFrom) -> {
            String outcome = decision.outcome().wire();
            String decider = decision.decidedBy().kind().wire();
            String rule = rule(decision.decidedBy());
            // One lookup per decision by a plain string key: building meter ids per signal costs more than counting.
            decisions.computeIfAbsent(outcome + '|' + decider + '|' + rule, k -> metrics.counter("tandem.triage.decisions",
                    "outcome", outcome, "decider", decider, "rule", rule)).increment();
            if (releasedFrom != null) {
                metrics.counter("tandem.triage.releases", "held_by", releasedFrom.kind().wire(), "rule", rule(releasedFrom),
                        "outcome", decision.outcome().wire()).increment();
            }
        };
    }

    /** A bounded label: rule, silence and route ids are few; dedup keys and change ids are many, so they collapse. */
    private static String rule(Decider decider) {
        return switch (decider.kind()) {
            case SILENCE, INHIBIT_RULE, ROUTE, CORRELATION_RULE -> decider.id();
            case CHANGE -> "change-window";
            default -> decider.kind().wire();
        };
    }
}
