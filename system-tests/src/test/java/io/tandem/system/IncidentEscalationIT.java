package io.tandem.system;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.tandem.model.EventTypes;
import io.tandem.model.Priority;
import io.tandem.model.Topics;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.Decider;
import io.tandem.model.triage.DeciderKind;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.Enrichment;
import io.tandem.model.triage.RouteAction;
import io.tandem.model.triage.RouteTarget;
import io.tandem.model.triage.SignalSummary;
import io.tandem.model.triage.TriageDecision;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TestInfra;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Escalation timers are rows, not memory: a packaged incident-service is killed with SIGKILL before an incident's
 * first escalation is due, and the instances started after it fire the escalation on time, once, to the person on
 * call — one new instance, or two at once racing for the same rows.
 * <p>
 * These instances get a database, consumer group and decisions topic of their own. The other system tests share
 * {@link RunningPlatform#get()}, whose incident-service may be running on this JVM's database and in the
 * {@code incident-service} group: sharing either would let these instances take its partitions or timers (or it
 * theirs), and reading {@code triage.decisions} from the beginning would open copies of its incidents here.
 */
class IncidentEscalationIT {

    /** How often the instances poll for due timers; 5 s in production, short so "on time" can be tight. */
    private static final Duration POLL = Duration.ofSeconds(1);
    /** Level 1's timeout: long enough to kill the first instance and start the next before it is due. */
    private static final Duration LEVEL_ONE = Duration.ofSeconds(25);
    /** How late a firing may be after it became possible: a poll period plus one transaction on two busy cores. */
    private static final Duration LATENESS = POLL.plusSeconds(4);
    private static final String ESCALATED = EventTypes.of("incident", "escalated");
    private static final Logger LOG = Logger.getLogger(IncidentEscalationIT.class.getName());

    private final TestInfra infra = TestInfra.get();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String decisionsTopic = Topics.TRIAGE_DECISIONS + ".escalation-it-" + suffix;
    private final Map<String, Map<String, String>> ownDeployment = Map.of("incident", Map.of(
            "TANDEM_DB_URL", infra.newDatabase(),
            "mp.messaging.incoming.decisions-in.topic", decisionsTopic,
            "mp.messaging.incoming.decisions-in.group.id", "incident-escalation-it-" + suffix,
            "mp.messaging.incoming.groups-in.group.id", "incident-escalation-it-" + suffix,
            "mp.messaging.incoming.changes-in.group.id", "incident-escalation-it-" + suffix,
            "incident.poll-every", POLL.toSeconds() + "s"));
    private final List<RunningPlatform> started = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void createDecisionsTopic() {
        infra.createTopics(List.of(decisionsTopic));
    }

    @AfterEach
    void stopInstances() {
        started.forEach(RunningPlatform::close);
    }

    @Test
    void shouldEscalateOnTimeOnceToThePersonOnCallAfterTheInstanceWasKilledBeforeTheTimerWasDue() {
        Scenario scenario = openIncidents(instance("restart-a"), 1);

        Instant ready = restart(scenario, List.of("restart-b"));

        assertEscalatedOnTimeOnce(scenario, ready);
    }

    @Test
    void shouldEscalateEveryIncidentOnceWhenTwoNewInstancesPollTheSameTimers() {
        Scenario scenario = openIncidents(instance("pair-a"), 20);

        Instant ready = restart(scenario, List.of("pair-b", "pair-c"));

        assertEscalatedOnTimeOnce(scenario, ready);
        assertThat(scenario.instances()).allSatisfy(i -> assertThat(i.services().get("incident").process().isAlive())
                .as("instance %s still runs", i.uri("incident")).isTrue());
    }

    /** What a test set up on the first instance, and the instances that run after it. */
    private record Scenario(RunningPlatform first, List<RunningPlatform> instances, String team, String onCall,
                            Map<String, Instant> openedAt) {
    }

    /** One more incident-service of this test's own deployment, ready. */
    private RunningPlatform instance(String label) {
        RunningPlatform instance = RunningPlatform.start(List.of("incident"), RunningPlatform.TEST_JVM_OPTIONS,
                ownDeployment, "escalation-it-" + label);
        started.add(instance);
        return instance;
    }

    /**
     * A schedule with one person always on call, a policy paging a named first responder and then that schedule after
     * {@link #LEVEL_ONE}, and {@code count} incidents following it, opened from routed decisions.
     */
    private Scenario openIncidents(RunningPlatform first, int count) {
        URI uri = first.uri("incident");
        String team = "esc-" + suffix;
        String onCall = "oncall-" + suffix;
        String scheduleId = as(uri, "admin").body(Map.of("name", "always " + team, "timeZone", "Europe/Berlin",
                        "layers", List.of(Map.of("rotation", "custom", "lengthHours", 100000, "start", "2020-01-01T00:00",
                                "users", List.of(onCall)))))
                .post("/api/v1/schedules").then().statusCode(201).extract().jsonPath().getString("id");
        String policyId = as(uri, "admin").body(Map.of("name", "restart test " + team, "repeatCount", 0, "levels", List.of(
                        Map.of("timeout", LEVEL_ONE.toString(), "targets", List.of(Map.of("type", "user", "id", "first-" + suffix))),
                        Map.of("timeout", "PT1H", "targets", List.of(Map.of("type", "schedule", "id", scheduleId))))))
                .post("/api/v1/escalation-policies").then().statusCode(201).extract().jsonPath().getString("id");

        for (int i = 0; i < count; i++) {
            TriageDecision decision = routed(team, UUID.fromString(policyId));
            infra.kafka().send(decisionsTopic, decision.alertGroupId().toString(), Json.write(decision), Map.of(
                    "ce_specversion", "1.0", "ce_id", decision.signalId().toString(), "ce_type", EventTypes.DECISION_MADE,
                    "ce_source", "/tandem/triage", "ce_time", decision.decidedAt().toString()));
        }
        Awaitility.await(count + " incidents opened").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> incidents(uri, team).getList("items").size() == count);
        JsonPath incidents = incidents(uri, team);
        assertThat(incidents.getList("items.assignee", String.class)).as("level 1 pages the first responder")
                .containsOnly("first-" + suffix);
        Map<String, Instant> openedAt = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            openedAt.put(incidents.getString("items[" + i + "].id"), Instant.parse(incidents.getString("items[" + i + "].openedAt")));
        }
        return new Scenario(first, new ArrayList<>(), team, onCall, openedAt);
    }

    /** Kills the first instance with SIGKILL before any timer is due, starts {@code labels} at once; when all are ready. */
    private Instant restart(Scenario scenario, List<String> labels) {
        scenario.first().kill();
        Instant firstDue = scenario.openedAt().values().stream().min(Instant::compareTo).orElseThrow().plus(LEVEL_ONE);
        assertThat(Instant.now()).as("killed before the first timer was due").isBefore(firstDue);
        assertThat(escalatedEvents(scenario)).as("nothing escalated before the kill").isEmpty();

        List<CompletableFuture<RunningPlatform>> starting = labels.stream()
                .map(label -> CompletableFuture.supplyAsync(() -> instance(label))).toList();
        starting.forEach(f -> scenario.instances().add(f.join()));
        return Instant.now();
    }

    /**
     * Each incident escalated exactly once — one timeline entry, one {@code escalated} event (read_committed) — no
     * earlier than its due time and no later than {@link #LATENESS} after it was due and an instance ran, to the
     * person on call; and still once after several more polls of every instance.
     */
    private void assertEscalatedOnTimeOnce(Scenario scenario, Instant ready) {
        List<URI> uris = scenario.instances().stream().map(i -> i.uri("incident")).toList();
        Instant lastDue = scenario.openedAt().values().stream().max(Instant::compareTo).orElseThrow().plus(LEVEL_ONE);
        Duration deadline = Duration.between(Instant.now(), lastDue.isAfter(ready) ? lastDue : ready).plus(LATENESS)
                .plusSeconds(30);
        int n = 0;
        for (String id : scenario.openedAt().keySet()) {
            URI uri = uris.get(n++ % uris.size());
            Awaitility.await("incident " + id + " escalated").atMost(deadline).pollInterval(Duration.ofMillis(250))
                    .until(() -> escalations(uri, id).size() >= 1);
        }

        Map<String, Long> events = escalatedEvents(scenario).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertThat(events).as("one escalated event per incident on incidents.events")
                .containsOnlyKeys(scenario.openedAt().keySet()).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        for (ConsumerRecord<String, byte[]> record : escalatedEvents(scenario)) {
            assertThat(Json.read(record.value(), IncidentEvent.class).incident().assignee()).isEqualTo(scenario.onCall());
        }

        long latest = 0;
        for (Map.Entry<String, Instant> incident : scenario.openedAt().entrySet()) {
            String id = incident.getKey();
            List<Map<String, Object>> entries = escalations(uris.get(0), id);
            assertThat(entries).as("escalations of %s", id).hasSize(1);
            Instant due = incident.getValue().plus(LEVEL_ONE);
            Instant at = Instant.parse((String) entries.get(0).get("at"));
            assertThat(at).as("escalated no earlier than due").isAfterOrEqualTo(due);
            assertThat(at).as("escalated on time: due %s, instances ready %s", due, ready)
                    .isBeforeOrEqualTo((due.isAfter(ready) ? due : ready).plus(LATENESS));
            latest = Math.max(latest, Duration.between(due.isAfter(ready) ? due : ready, at).toMillis());
            assertThat((String) entries.get(0).get("detail")).contains("level 2").contains(scenario.onCall());
            assertThat(as(uris.get(0), "viewer").get("/api/v1/incidents/" + id).then().statusCode(200).extract()
                    .jsonPath().getString("incident.assignee")).isEqualTo(scenario.onCall());
        }

        long lateness = latest;
        Instant firstDue = scenario.openedAt().values().stream().min(Instant::compareTo).orElseThrow().plus(LEVEL_ONE);
        LOG.info(() -> String.format("%d escalation(s) by %d instance(s) ready %d ms before the first was due; at most"
                        + " %d ms after due (or after the instances were ready, if later)", scenario.openedAt().size(),
                uris.size(), Duration.between(ready, firstDue).toMillis(), lateness));

        Set<String> ids = scenario.openedAt().keySet();
        Awaitility.await("still once after more polls").during(POLL.multipliedBy(3)).atMost(POLL.multipliedBy(6))
                .until(() -> ids.stream().allMatch(id -> escalations(uris.get(uris.size() - 1), id).size() == 1));
        assertThat(escalatedEvents(scenario)).hasSize(ids.size());
    }

    private List<ConsumerRecord<String, byte[]>> escalatedEvents(Scenario scenario) {
        return infra.kafka().all(Topics.INCIDENTS_EVENTS, r -> scenario.openedAt().containsKey(r.key())
                && ESCALATED.equals(KafkaTestClient.header(r, "ce_type")));
    }

    private List<Map<String, Object>> escalations(URI uri, String incidentId) {
        return as(uri, "viewer").queryParam("limit", 1000).get("/api/v1/incidents/" + incidentId + "/timeline")
                .then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("items").stream()
                .filter(e -> "escalated".equals(e.get("action"))).toList();
    }

    private JsonPath incidents(URI uri, String team) {
        return as(uri, "viewer").queryParam("team", team).queryParam("limit", 1000).get("/api/v1/incidents")
                .then().statusCode(200).extract().jsonPath();
    }

    private RequestSpecification as(URI uri, String role) {
        return given().baseUri(uri.toString()).auth().oauth2(infra.token(role, role + "-" + suffix))
                .contentType("application/json");
    }

    /** A decision as triage publishes it: a new signal of a new alert group, routed to an incident of {@code team}. */
    private static TriageDecision routed(String team, UUID policyId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UUID signalId = UUID.randomUUID();
        return new TriageDecision(signalId, UUID.randomUUID(), UUID.randomUUID(), DecisionOutcome.ROUTED,
                new Decider(DeciderKind.ROUTE, "route-escalation-it", "escalation test route"),
                new RouteTarget(RouteAction.INCIDENT, team, policyId, null, List.of()), Priority.P3,
                new Enrichment(null, team, "prod", 1, true, null),
                new SignalSummary("alertmanager", "fp-" + signalId, SignalKind.AVAILABILITY, Severity.HIGH,
                        SignalStatus.FIRING, "web-" + signalId.toString().substring(0, 4), "HostDown", now,
                        Map.of("alertname", "HostDown")),
                "route 'escalation test route' matched", List.of(), now);
    }
}
