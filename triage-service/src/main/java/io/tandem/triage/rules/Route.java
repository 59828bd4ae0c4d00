package io.tandem.triage.rules;

import io.tandem.model.triage.RouteAction;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One node of the route tree. Top-level routes ({@code parentId} null) and the children of a matched route are tried
 * in {@code position} order; the first whose matchers all hold is taken and its children are tried in turn, so the
 * deepest matching route decides. A child inherits the team, escalation policy and action its parent set, as in
 * Alertmanager. A null {@code team} all the way down means the asset's owner team, else the default team.
 *
 * @param actions response actions to request when the route opens an incident (isolate-host, open-ticket, ...)
 */
public record Route(UUID id, String name, int position, UUID parentId, List<Matcher> matchers, String team,
                    UUID escalationPolicyId, RouteAction action, List<String> actions, String createdBy,
                    Instant updatedAt) implements Rule {

    public Route {
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
        actions = actions == null ? List.of() : List.copyOf(actions);
    }
}
