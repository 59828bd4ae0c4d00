package io.tandem.triage.stream;

import io.tandem.model.Priority;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.DeciderKind;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.RouteAction;
import io.tandem.model.triage.TriageDecision;
import io.tandem.triage.rules.Matcher;
import io.tandem.triage.rules.Route;
import io.tandem.triage.rules.RuleKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tandem.triage.stream.StreamFixture.T0;
import static io.tandem.triage.stream.StreamFixture.signal;
import static org.assertj.core.api.Assertions.assertThat;

/** Enrichment from the inventory, the priority table, and the route tree. */
class RoutingStreamTest {

    private final StreamFixture stream = new StreamFixture();

    @AfterEach
    void stop() {
        stream.close();
    }

    private Route route(String name, int position, UUID parent, String team, RouteAction action, String... matchers) {
        return new Route(UUID.randomUUID(), name, position, parent, List.of(matchers).stream().map(Matcher::parse).toList(),
                team, null, action, List.of(), "admin", T0);
    }

    @Test
    void shouldEnrichFromTheInventoryAndComputePriorityFromTheTable() {
        stream.asset(StreamFixture.asset("pay-1", "payments", "prod", 1));
        stream.asset(StreamFixture.asset("lab-1", "research", "dev", 4));

        stream.send(signal("a", "PAY-1.corp.example", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.HIGH, T0));
        stream.send(signal("b", "lab-1", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.HIGH, T0));
        stream.send(signal("c", "lab-1", SignalKind.VULNERABILITY, SignalStatus.FIRING, Severity.LOW, T0));

        List<TriageDecision> all = stream.decisions();
        assertThat(all.get(0).enrichment().ownerTeam()).as("an FQDN finds the asset by its short name").isEqualTo("payments");
        assertThat(all.get(0).priority()).as("High on a tier-1 asset: one step up").isEqualTo(Priority.P1);
        assertThat(all.get(0).route().team()).as("no route: the owner team").isEqualTo("payments");
        assertThat(all.get(0).flags()).doesNotContain("unmanaged-asset");
        assertThat(all.get(1).priority()).as("High, tier 4 (+1), dev (+1)").isEqualTo(Priority.P4);
        assertThat(all.get(2).priority()).as("Low P4, +3 steps, clamped").isEqualTo(Priority.P5);
    }

    @Test
    void shouldTakeTheDeepestMatchingRouteInheritingWhatItDoesNotSet() {
        Route security = route("security", 0, null, "soc", RouteAction.INCIDENT, "signal.kind=\"security\"");
        Route malware = route("malware", 0, security.id(), null, RouteAction.NOTIFY, "category=\"malware\"");
        Route noise = route("scanner noise", 1, security.id(), null, RouteAction.SUPPRESS, "rule=~\"scan.*\"");
        Route ops = route("ops", 1, null, "sre", RouteAction.INCIDENT, "signal.kind!=\"security\"");
        for (Route r : List.of(security, malware, noise, ops)) {
            stream.rule(RuleKind.ROUTE, r);
        }

        stream.send(signal("m", "pc-1", SignalKind.SECURITY, SignalStatus.FIRING, Severity.MEDIUM, T0, Map.of("category", "malware")));
        stream.send(signal("s", "pc-2", SignalKind.SECURITY, SignalStatus.FIRING, Severity.MEDIUM, T0, Map.of("rule", "scan-ports")));
        stream.send(signal("x", "pc-3", SignalKind.SECURITY, SignalStatus.FIRING, Severity.MEDIUM, T0, Map.of()));
        stream.send(signal("o", "db-3", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM, T0, Map.of()));

        List<TriageDecision> all = stream.decisions();
        assertThat(all.get(0).decidedBy().id()).isEqualTo(malware.id().toString());
        assertThat(all.get(0).route().action()).isEqualTo(RouteAction.NOTIFY);
        assertThat(all.get(0).route().team()).as("inherited").isEqualTo("soc");
        assertThat(all.get(0).reason()).contains("route 'malware' notifies team soc");
        assertThat(all.get(1).outcome()).isEqualTo(DecisionOutcome.SUPPRESSED);
        assertThat(all.get(1).decidedBy().kind()).isEqualTo(DeciderKind.ROUTE);
        assertThat(all.get(2).decidedBy().id()).as("no child matched: the parent decides").isEqualTo(security.id().toString());
        assertThat(all.get(2).route().team()).isEqualTo("soc");
        assertThat(all.get(3).route().team()).isEqualTo("sre");
        assertThat(stream.counter("tandem.triage.decisions", "outcome", "suppressed", "rule", noise.id().toString())).isEqualTo(1);
    }

    @Test
    void shouldLetTheNextUnsuppressedAlertOfASuppressedGroupPage() {
        stream.rule(RuleKind.ROUTE, route("drop info", 0, null, null, RouteAction.SUPPRESS, "severity=\"info\""));
        stream.send(signal("i", "web-5", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.LOW, T0, Map.of("severity", "info")));
        stream.send(signal("w", "web-5", SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.HIGH, T0.plusSeconds(5), Map.of("severity", "page")));

        List<TriageDecision> all = stream.decisions();
        assertThat(all).extracting(TriageDecision::outcome).containsExactly(DecisionOutcome.SUPPRESSED, DecisionOutcome.ROUTED);
        assertThat(all.get(1).alertGroupId()).isEqualTo(all.get(0).alertGroupId());
    }
}
