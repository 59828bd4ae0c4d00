package io.tandem.incident;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.tandem.model.EventTypes;
import io.tandem.model.Priority;
import io.tandem.model.Topics;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.model.triage.Decider;
import io.tandem.model.triage.DeciderKind;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.Enrichment;
import io.tandem.model.triage.GroupAction;
import io.tandem.model.triage.RouteAction;
import io.tandem.model.triage.RouteTarget;
import io.tandem.model.triage.SignalSummary;
import io.tandem.model.triage.TriageDecision;
import io.tandem.testkit.TestInfra;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;

/** Shared test helpers: tokens, unique names, triage decisions and group events onto the real broker. */
public final class Fixtures {

    public static RequestSpecification as(String role) {
        return as(role, role + "-tester");
    }

    public static RequestSpecification as(String role, String subject) {
        return given().auth().oauth2(TestInfra.get().token(role, subject)).contentType(ContentType.JSON);
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A decision routing a new signal of {@code groupId} to an incident of {@code team}. */
    public static TriageDecision routed(UUID groupId, String team, SignalKind kind, Priority priority, UUID policyId,
                                        List<String> actions) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UUID signalId = UUID.randomUUID();
        return new TriageDecision(signalId, groupId, UUID.randomUUID(), DecisionOutcome.ROUTED,
                new Decider(DeciderKind.ROUTE, "route-1", "test route"),
                new RouteTarget(RouteAction.INCIDENT, team, policyId, null, actions), priority,
                new Enrichment(null, team, "prod", 1, true, null),
                new SignalSummary("alertmanager", "fp-" + signalId, kind, Severity.HIGH, SignalStatus.FIRING, "web-01",
                        "HostDown", now, Map.of("alertname", "HostDown")),
                "route 'test route' matched", List.of(), now);
    }

    public static TriageDecision routed(UUID groupId, String team, SignalKind kind, Priority priority) {
        return routed(groupId, team, kind, priority, null, List.of());
    }

    /** Sends decisions as triage would (keyed by group, ce_id = signal id) with one producer, waiting for acks. */
    public static void send(List<TriageDecision> decisions) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            List<Future<RecordMetadata>> sent = decisions.stream().map(d -> producer.send(record(Topics.TRIAGE_DECISIONS,
                    d.alertGroupId().toString(), Json.write(d), d.signalId().toString(), EventTypes.DECISION_MADE,
                    d.decidedAt()))).toList();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void send(TriageDecision decision) {
        send(List.of(decision));
    }

    /**
     * A new alert group id whose decisions land on the same partition as {@code group}'s: a decision for it that was
     * applied proves every earlier record of {@code group} was consumed (a partition is consumed in order).
     */
    public static UUID groupOnSamePartition(UUID group) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            int partitions = producer.partitionsFor(Topics.TRIAGE_DECISIONS).size();
            int wanted = partition(group, partitions);
            UUID candidate = UUID.randomUUID();
            while (partition(candidate, partitions) != wanted) {
                candidate = UUID.randomUUID();
            }
            return candidate;
        }
    }

    /** Kafka's default partitioner for a keyed record. */
    private static int partition(UUID key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** An alert group step as triage publishes it. */
    public static void sendGroup(UUID groupId, GroupAction action, SignalKind kind) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AlertGroupEvent event = new AlertGroupEvent(groupId, action, "web-01|" + kind.wire(), null, kind,
                List.of("web-01"), 1, action == GroupAction.RESOLVED ? 0 : 1, 1, Severity.HIGH, Priority.P3, null, false,
                now, now, action == GroupAction.RESOLVED ? now : null, now);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(record(Topics.ALERTS_GROUPS, groupId.toString(), Json.write(event),
                    groupId + ":" + action.wire() + ":" + UUID.randomUUID(), EventTypes.of("alertgroup", action.wire()),
                    now)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A change event as change-service publishes it, with the given CloudEvent id. */
    public static void sendChange(ChangeEvent event, String eventId) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(record(Topics.CHANGES_EVENTS, event.change().id().toString(), Json.write(event), eventId,
                    EventTypes.of("change", event.action().wire()), event.occurredAt())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one incident of a team (tests give each scenario its own team), once it exists. */
    public static JsonPath incidentOf(String team) {
        Awaitility.await("incident of " + team).atMost(Duration.ofSeconds(30))
                .until(() -> as("viewer").queryParam("team", team).get("/api/v1/incidents").then().statusCode(200)
                        .extract().jsonPath().getList("items").size() == 1);
        return as("viewer").queryParam("team", team).get("/api/v1/incidents").then().extract().jsonPath()
                .setRootPath("items[0]");
    }

    public static String incidentIdOf(String team) {
        return incidentOf(team).getString("id");
    }

    /** The timeline of an incident, oldest first (first page of up to 1000 entries). */
    public static JsonPath timeline(String incidentId) {
        return as("viewer").queryParam("limit", 1000).get("/api/v1/incidents/" + incidentId + "/timeline")
                .then().statusCode(200).extract().jsonPath();
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, byte[] value, String id, String type,
                                                         Instant time) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        Map.of("ce_specversion", "1.0", "ce_id", id, "ce_type", type, "ce_source", "/tandem/triage",
                        "ce_time", time.toString())
                .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private Fixtures() {
    }
}
