package io.tandem.triage.rules;

import io.tandem.model.triage.RouteAction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** An immutable snapshot of every rule, indexed for the stream: built once per configuration change, read per signal. */
public final class RuleBook {

    public static final RuleBook EMPTY = of(List.of());

    private static final UUID ROOT = new UUID(0, 0);

    private final List<Silence> silences;
    private final List<InhibitRule> inhibitRules;
    private final Map<UUID, List<Route>> children;
    private final List<CorrelationRule> correlationRules;

    private RuleBook(List<Silence> silences, List<InhibitRule> inhibitRules, Map<UUID, List<Route>> children,
                     List<CorrelationRule> correlationRules) {
        this.silences = silences;
        this.inhibitRules = inhibitRules;
        this.children = children;
        this.correlationRules = correlationRules;
    }

    public static RuleBook of(Collection<? extends Rule> rules) {
        List<Silence> silences = new ArrayList<>();
        List<InhibitRule> inhibitRules = new ArrayList<>();
        Map<UUID, List<Route>> children = new HashMap<>();
        List<CorrelationRule> correlationRules = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule instanceof Silence s) {
                silences.add(s);
            } else if (rule instanceof InhibitRule i) {
                inhibitRules.add(i);
            } else if (rule instanceof Route r) {
                children.computeIfAbsent(r.parentId() == null ? ROOT : r.parentId(), k -> new ArrayList<>()).add(r);
            } else if (rule instanceof CorrelationRule c) {
                correlationRules.add(c);
            }
        }
        // Ordered by id, so two instances with the same rules always name the same silence as the decider.
        silences.sort(Comparator.comparing(Silence::id));
        inhibitRules.sort(Comparator.comparing(InhibitRule::id));
        children.values().forEach(list -> list.sort(Comparator.comparingInt(Route::position).thenComparing(Route::id)));
        correlationRules.sort(Comparator.comparingInt(CorrelationRule::position).thenComparing(CorrelationRule::id));
        return new RuleBook(List.copyOf(silences), List.copyOf(inhibitRules), Map.copyOf(children),
                List.copyOf(correlationRules));
    }

    public List<Silence> silences() {
        return silences;
    }

    public List<InhibitRule> inhibitRules() {
        return inhibitRules;
    }

    public List<CorrelationRule> correlationRules() {
        return correlationRules;
    }

    /** The correlation rule with this id, if it still exists. */
    public Optional<CorrelationRule> correlationRule(UUID id) {
        return correlationRules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The first active silence whose matchers all hold, if any. */
    public Optional<Silence> silencing(Function<String, String> fields, Instant now, Function<UUID, Boolean> changeOver) {
        for (Silence silence : silences) {
            if (silence.activeAt(now, changeOver) && silence.matches(fields)) {
                return Optional.of(silence);
            }
        }
        return Optional.empty();
    }

    /** The route a signal takes: the deepest matching node, with what it inherits; empty if no top-level route matches. */
    public Optional<Routed> route(Function<String, String> fields) {
        Routed routed = null;
        List<Route> level = children.getOrDefault(ROOT, List.of());
        while (true) {
            Route match = first(level, fields);
            if (match == null) {
                return Optional.ofNullable(routed);
            }
            routed = routed == null ? Routed.of(match) : routed.then(match);
            level = children.getOrDefault(match.id(), List.of());
        }
    }

    private static Route first(List<Route> routes, Function<String, String> fields) {
        for (Route route : routes) {
            if (route.matchers().stream().allMatch(m -> m.matches(fields))) {
                return route;
            }
        }
        return null;
    }

    /** The outcome of the route tree: the deciding route and the settings it has or inherits. */
    public record Routed(Route route, String team, UUID escalationPolicyId, RouteAction action, List<String> actions) {

        static Routed of(Route route) {
            return new Routed(route, route.team(), route.escalationPolicyId(),
                    route.action() == null ? RouteAction.INCIDENT : route.action(), route.actions());
        }

        Routed then(Route child) {
            return new Routed(child, child.team() != null ? child.team() : team,
                    child.escalationPolicyId() != null ? child.escalationPolicyId() : escalationPolicyId,
                    child.action() != null ? child.action() : action,
                    child.actions().isEmpty() ? actions : child.actions());
        }
    }
}
