package io.tandem.model.triage;

import io.tandem.model.Require;

import java.util.List;
import java.util.UUID;

/** Where a signal goes: action, team, escalation policy, the linked change, and requested response actions. */
public record RouteTarget(RouteAction action, String team, UUID escalationPolicyId, UUID changeId, List<String> actions) {

    public RouteTarget {
        Require.present(action, "route.action");
        actions = Require.list(actions);
    }
}
