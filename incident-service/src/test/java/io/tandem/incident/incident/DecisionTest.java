package io.tandem.incident.incident;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tandem.incident.Fixtures;
import io.tandem.model.Priority;
import io.tandem.model.Topics;
import io.tandem.model.incident.IncidentAction;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.model.json.Json;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.GroupAction;
import io.tandem.model.triage.TriageDecision;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.tandem.incident.Fixtures.as;
import static io.tandem.incident.Fixtures.incidentIdOf;
import static io.tandem.incident.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class DecisionTest {

    @Test
    void shouldOpenOneIncidentWithAThousandAlertsEvenWhenDecisionsAreRedelivered() {
        String team = unique("dedupe");
        UUID group = UUID.randomUUID();
        List<TriageDecision> decisions = IntStream.range(0, 1000)
                .mapToObj(i -> Fixtures.routed(group, team, SignalKind.AVAILABILITY, Priority.P3)).toList();
        Fixtures.send(decisions);
        // Redelivery: the same records (same ce_id) again, as after a consumer crash before its offset commit.
        Fixtures.send(decisions.subList(0, 300));

        String id = incidentIdOf(team);
        Awaitility.await("1000 alerts").atMost(Duration.ofSeconds(90)).until(() ->
                as("viewer").get("/api/v1/incidents/" + id).then().extract().jsonPath().getInt("alertCount") >= 1000);
        // Once a later decision on the same partition was applied, every redelivered one was consumed too.
        String marker = unique("marker");
        Fixtures.send(Fixtures.routed(Fixtures.groupOnSamePartition(group), marker, SignalKind.AVAILABILITY, Priority.P3));
        incidentIdOf(marker);

        JsonPath detail = as("viewer").get("/api/v1/incidents/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(detail.getInt("alertCount")).isEqualTo(1000);
        assertThat(detail.getList("incident.alertGroupIds")).containsExactly(group.toString());
        JsonPath alerts = as("viewer").queryParam("limit", 1000).get("/api/v1/incidents/" + id + "/alerts")
                .then().statusCode(200).extract().jsonPath();
        Set<String> signals = new HashSet<>(alerts.getList("items.signalId", String.class));
        assertThat(signals).hasSize(1000)
                .isEqualTo(new HashSet<>(decisions.stream().map(d -> d.signalId().toString()).toList()));
        assertThat(alerts.getString("nextCursor")).isNull();
        assertThat(as("viewer").queryParam("team", team).get("/api/v1/incidents").then().extract().jsonPath()
                .getList("items")).hasSize(1);

        List<ConsumerRecord<String, byte[]>> opened = TestInfra.get().kafka().await(Topics.INCIDENTS_EVENTS, 1,
                Duration.ofSeconds(30), r -> id.equals(r.key())
                        && "io.tandem.incident.opened.v1".equals(KafkaTestClient.header(r, "ce_type")));
        IncidentEvent event = Json.read(opened.get(0).value(), IncidentEvent.class);
        assertThat(event.action()).isEqualTo(IncidentAction.OPENED);
        assertThat(event.incident().team()).isEqualTo(team);
        assertThat(event.incident().priority()).isEqualTo(Priority.P3);
        assertThat(event.incident().acknowledgeBy()).isAfter(event.incident().openedAt());
        assertThat(KafkaTestClient.header(opened.get(0), "ce_id")).isEqualTo(id + ":0");
    }

    @Test
    void shouldWidenKindToBothWhenASecuritySignalJoinsAnOperationalIncident() {
        String team = unique("both");
        UUID group = UUID.randomUUID();
        Fixtures.send(Fixtures.routed(group, team, SignalKind.AVAILABILITY, Priority.P3));
        String id = incidentIdOf(team);
        TriageDecision security = Fixtures.routed(group, team, SignalKind.SECURITY, Priority.P2);
        Fixtures.send(security);

        Awaitility.await("kind both").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath incident = as("viewer").get("/api/v1/incidents/" + id).then().extract().jsonPath();
            assertThat(incident.getString("incident.kind")).isEqualTo("both");
            assertThat(incident.getString("incident.priority")).isEqualTo("P2");
        });
    }

    @Test
    void shouldLinkTheChangeOfAChangeLinkedSignalThatJoinsAnOpenIncident() {
        String team = unique("changed");
        UUID group = UUID.randomUUID();
        Fixtures.send(Fixtures.routed(group, team, SignalKind.AVAILABILITY, Priority.P3));
        String id = incidentIdOf(team);
        TriageDecision routed = Fixtures.routed(group, team, SignalKind.AVAILABILITY, Priority.P3);
        UUID change = UUID.randomUUID();
        Fixtures.send(new TriageDecision(routed.signalId(), group, routed.alertId(), DecisionOutcome.CHANGE_LINKED,
                routed.decidedBy(), new io.tandem.model.triage.RouteTarget(io.tandem.model.triage.RouteAction.CHANGE_LINK,
                team, null, change, List.of()), routed.priority(), routed.enrichment(), routed.signal(),
                "inside change window", List.of("possibly-change-induced"), routed.decidedAt()));

        Awaitility.await("change linked").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath incident = as("viewer").get("/api/v1/incidents/" + id).then().extract().jsonPath();
            assertThat(incident.getList("incident.changeIds")).containsExactly(change.toString());
            assertThat(incident.getBoolean("incident.possiblyChangeInduced")).isTrue();
            assertThat(incident.getInt("alertCount")).isEqualTo(2);
        });
    }

    @Test
    void shouldIgnoreDecisionsThatDoNotPage() {
        String team = unique("silenced");
        TriageDecision routed = Fixtures.routed(UUID.randomUUID(), team, SignalKind.OPERATIONAL, Priority.P3);
        TriageDecision silenced = new TriageDecision(routed.signalId(), routed.alertGroupId(), routed.alertId(),
                DecisionOutcome.SILENCED, routed.decidedBy(), null, routed.priority(), routed.enrichment(),
                routed.signal(), "silenced by maintenance", List.of(), routed.decidedAt());
        Fixtures.send(silenced);
        // A routed decision sent after the silenced one on the same partition proves the first was consumed.
        String marker = unique("marker");
        Fixtures.send(Fixtures.routed(routed.alertGroupId(), marker, SignalKind.OPERATIONAL, Priority.P3));
        incidentIdOf(marker);

        assertThat(as("viewer").queryParam("team", team).get("/api/v1/incidents").then().extract().jsonPath()
                .getList("items")).isEmpty();
    }

    @Test
    void shouldResolveOperationalIncidentWhenItsOnlyGroupResolves() {
        String team = unique("autoresolve");
        UUID group = UUID.randomUUID();
        Fixtures.send(Fixtures.routed(group, team, SignalKind.AVAILABILITY, Priority.P3));
        String id = incidentIdOf(team);

        Fixtures.sendGroup(group, GroupAction.RESOLVED, SignalKind.AVAILABILITY);

        Awaitility.await("resolved").atMost(Duration.ofSeconds(30)).until(() ->
                "resolved".equals(as("viewer").get("/api/v1/incidents/" + id).then().extract().jsonPath()
                        .getString("incident.status")));
        JsonPath timeline = Fixtures.timeline(id);
        assertThat(timeline.getList("items.action")).contains("resolved");
        assertThat(timeline.getString("items.find { it.action == 'resolved' }.actor")).isEqualTo("tandem");
    }

    @Test
    void shouldKeepSecurityIncidentOpenWhenItsGroupResolvesButRecordIt() {
        String team = unique("secquiet");
        UUID group = UUID.randomUUID();
        Fixtures.send(Fixtures.routed(group, team, SignalKind.SECURITY, Priority.P3));
        String id = incidentIdOf(team);

        Fixtures.sendGroup(group, GroupAction.RESOLVED, SignalKind.SECURITY);

        Awaitility.await("group resolution on the timeline").atMost(Duration.ofSeconds(30)).until(() ->
                Fixtures.timeline(id).getList("items.action").contains("linked"));
        assertThat(as("viewer").get("/api/v1/incidents/" + id).then().extract().jsonPath()
                .getString("incident.status")).isEqualTo("triggered");
    }

    @Test
    void shouldDeadLetterARecordThatIsNotADecision() {
        String marker = unique("not-a-decision");
        TestInfra.get().kafka().send(Topics.TRIAGE_DECISIONS, marker, "{\"hello\": \"" + marker + "\"}", Map.of());

        ConsumerRecord<String, byte[]> dead = TestInfra.get().kafka()
                .awaitContaining(Topics.SIGNALS_DLQ, marker, 1, Duration.ofSeconds(30)).get(0);
        assertThat(KafkaTestClient.header(dead, "tandem-error")).isEqualTo("invalid-decision");
        assertThat(KafkaTestClient.header(dead, "tandem-origin-topic")).isEqualTo(Topics.TRIAGE_DECISIONS);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).contains(marker);
    }

    @Test
    void shouldDeadLetterARecordThatIsNotAnAlertGroupEvent() {
        String marker = unique("not-a-group");
        TestInfra.get().kafka().send(Topics.ALERTS_GROUPS, marker, "not json " + marker, Map.of());

        ConsumerRecord<String, byte[]> dead = TestInfra.get().kafka()
                .awaitContaining(Topics.SIGNALS_DLQ, marker, 1, Duration.ofSeconds(30)).get(0);
        assertThat(KafkaTestClient.header(dead, "tandem-error")).isEqualTo("invalid-alert-group-event");
        assertThat(KafkaTestClient.header(dead, "tandem-origin-topic")).isEqualTo(Topics.ALERTS_GROUPS);
    }

}
