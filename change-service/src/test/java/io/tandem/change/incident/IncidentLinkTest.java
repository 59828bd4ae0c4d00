package io.tandem.change.incident;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tandem.change.Fixtures;
import io.tandem.model.EventTypes;
import io.tandem.model.Headers;
import io.tandem.model.Priority;
import io.tandem.model.Topics;
import io.tandem.model.asset.Asset;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.incident.ChangeRequest;
import io.tandem.model.incident.Incident;
import io.tandem.model.incident.IncidentAction;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.model.incident.IncidentKind;
import io.tandem.model.incident.IncidentStatus;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Severity;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tandem.change.Fixtures.DEADLINE;
import static io.tandem.change.Fixtures.act;
import static io.tandem.change.Fixtures.approved;
import static io.tandem.change.Fixtures.asset;
import static io.tandem.change.Fixtures.count;
import static io.tandem.change.Fixtures.normal;
import static io.tandem.change.Fixtures.now;
import static io.tandem.change.Fixtures.requester;
import static io.tandem.change.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class IncidentLinkTest {

    @Inject
    IncidentLinker linker;

    @Test
    void shouldLinkAnIncidentOpenedSoonAfterACompletedChangeOnTheSameHostInBothDirections() {
        Asset web = asset(unique("web"));
        String changeId = completed(web);
        UUID incidentId = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();

        send(eventId, incident(incidentId, IncidentAction.OPENED, List.of(web.name()), List.of(),
                now().plus(Duration.ofMinutes(20))));

        ChangeEvent linked = Fixtures.event(changeId, ChangeAction.INCIDENT_LINKED);
        assertThat(linked.change().incidentIds()).containsExactly(incidentId);
        assertThat(linked.change().causedIncident()).isTrue();
        assertThat(linked.detail()).contains(incidentId.toString(), "after the change completed");
        JsonPath change = requester("alice").when().get("/api/v1/changes/" + changeId).then().statusCode(200)
                .extract().jsonPath();
        assertThat(change.getList("incidentIds")).containsExactly(incidentId.toString());
        assertThat(change.getBoolean("causedIncident")).isTrue();
    }

    @Test
    void shouldLinkAChangeThatIncidentServiceLinkedAndNeverLinkTwiceOnRedelivery() {
        Asset db = asset(unique("db"));
        String nearby = completed(db);
        String named = completed(asset(unique("other")));
        UUID incidentId = UUID.randomUUID();
        String opened = UUID.randomUUID().toString();
        IncidentEvent openedEvent = incident(incidentId, IncidentAction.OPENED, List.of(db.name()), List.of(),
                now().plus(Duration.ofMinutes(5)));

        send(opened, openedEvent);
        Fixtures.event(nearby, ChangeAction.INCIDENT_LINKED);
        send(opened, openedEvent);
        // Incident-service links the other change; same incident, same partition, so the redelivery came first.
        send(UUID.randomUUID().toString(), incident(incidentId, IncidentAction.LINKED, List.of(db.name()),
                List.of(UUID.fromString(named)), now().plus(Duration.ofMinutes(5))));

        ChangeEvent linkedByIncident = Fixtures.event(named, ChangeAction.INCIDENT_LINKED);
        assertThat(linkedByIncident.change().incidentIds()).containsExactly(incidentId);
        assertThat(linkedByIncident.detail()).contains("linked to this change by incident-service");
        assertThat(count(Topics.CHANGES_EVENTS, "\"action\":\"incident-linked\",\"change\":{\"id\":\"" + nearby))
                .isEqualTo(1);
        assertThat(requester("alice").when().get("/api/v1/changes/" + nearby).then().extract().jsonPath()
                .getList("incidentIds")).containsExactly(incidentId.toString());
        assertThat(linker.link(openedEvent, opened).await().atMost(DEADLINE)).isEqualTo(IncidentLinker.Outcome.DUPLICATE);
    }

    @Test
    void shouldNotLinkAnIncidentLongAfterTheChange() {
        Asset app = asset(unique("app"));
        String changeId = completed(app);
        IncidentEvent late = incident(UUID.randomUUID(), IncidentAction.OPENED, List.of(app.name()), List.of(),
                now().plus(Duration.ofDays(3)));

        assertThat(linker.link(late, UUID.randomUUID().toString()).await().atMost(DEADLINE))
                .isEqualTo(IncidentLinker.Outcome.UNRELATED);
        assertThat(requester("alice").when().get("/api/v1/changes/" + changeId).then().extract().jsonPath()
                .getBoolean("causedIncident")).isFalse();
    }

    @Test
    void shouldOpenTheChangeAPostmortemActionItemRequestsOnceEvenWhenRedelivered() {
        Asset web = asset(unique("web"));
        UUID requestId = UUID.randomUUID();
        IncidentEvent base = incident(UUID.randomUUID(), IncidentAction.OPENED, List.of(web.name()), List.of(),
                now().minus(Duration.ofDays(1)));
        IncidentEvent requested = new IncidentEvent(IncidentAction.CHANGE_REQUESTED, base.incident(), "bob", null, now(),
                new ChangeRequest(requestId, UUID.randomUUID(), "Add disk alerts to the fleet", "Alert at 80 %",
                        List.of(web.name(), "no-such-host"), "carol", LocalDate.now().plusDays(14), "bob"));
        send(UUID.randomUUID().toString(), requested);
        String again = UUID.randomUUID().toString();
        send(again, requested);

        Awaitility.await("the copy consumed").atMost(DEADLINE).until(() -> processed(again));
        JsonPath change = requester("dana").get("/api/v1/changes/" + requestId).then().statusCode(200).extract().jsonPath();
        assertThat(change.getString("status")).isEqualTo("draft");
        assertThat(change.getString("requester")).isEqualTo("bob");
        assertThat(change.getList("assetIds")).as("unknown keys left out").containsExactly(web.id().toString());
        assertThat(change.getString("description")).contains("postmortem action item of incident " + base.incident().id());
        assertThat(requester("dana").get("/api/v1/changes/" + requestId + "/audit").then().statusCode(200).extract()
                .jsonPath().getList("items.findAll { it.action == 'created' }")).as("opened once").hasSize(1);
        requester("bob").post("/api/v1/changes/" + requestId + "/submit").then().statusCode(400)
                .body("errors.field", hasItems("plannedStart", "rollbackPlan", "securityImpact"));
    }

    private static boolean processed(String eventId) {
        Pool pool = Arc.container().instance(Pool.class).get();
        return pool.withConnection(db -> db.preparedQuery("SELECT 1 FROM processed_event WHERE event_id = $1")
                .execute(Tuple.of(eventId))).await().atMost(DEADLINE).size() == 1;
    }

    @Test
    void shouldDeadLetterARecordThatIsNotAnIncidentEvent() {
        String key = unique("not-an-incident");
        TestInfra.get().kafka().send(Topics.INCIDENTS_EVENTS, key, "{\"action\": \"opened\"}", Map.of());

        var dead = TestInfra.get().kafka().await(Topics.SIGNALS_DLQ, 1, DEADLINE, r -> key.equals(r.key())).get(0);
        assertThat(KafkaTestClient.header(dead, Headers.ERROR)).isEqualTo("invalid-incident-event");
        assertThat(KafkaTestClient.header(dead, Headers.ERROR_DETAIL)).containsIgnoringCase("incident");
        assertThat(KafkaTestClient.header(dead, Headers.ORIGIN_TOPIC)).isEqualTo(Topics.INCIDENTS_EVENTS);
    }

    private static String completed(Asset asset) {
        String id = approved("alice", normal(now().minus(Duration.ofMinutes(5)), now().plus(Duration.ofMinutes(55)), asset));
        act(requester("alice"), id, "start");
        act(requester("alice"), id, "complete");
        return id;
    }

    static IncidentEvent incident(UUID id, IncidentAction action, List<String> assetKeys, List<UUID> changeIds,
                                  Instant openedAt) {
        Incident incident = new Incident(id, "HTTP 5xx on " + assetKeys, IncidentKind.OPERATIONAL,
                IncidentStatus.TRIGGERED, Priority.P2, Severity.HIGH, "sre", null, null, assetKeys, List.of(), changeIds,
                false, openedAt, openedAt, null, null, null, null, null, null, List.of(), null);
        return new IncidentEvent(action, incident, "incident-service", null, openedAt);
    }

    static void send(String eventId, IncidentEvent event) {
        TestInfra.get().kafka().send(Topics.INCIDENTS_EVENTS, event.incident().id().toString(), Json.write(event),
                Map.of("ce_specversion", "1.0", "ce_id", eventId, "ce_type",
                        EventTypes.of("incident", event.action().wire()), "ce_source", "/tandem/incident",
                        "ce_time", event.occurredAt().toString()));
    }
}
