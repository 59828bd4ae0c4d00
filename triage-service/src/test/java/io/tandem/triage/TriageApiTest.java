package io.tandem.triage;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tandem.model.Topics;
import io.tandem.model.asset.Asset;
import io.tandem.model.change.ChangeStatus;
import io.tandem.model.json.Json;
import io.tandem.model.signal.AssetRef;
import io.tandem.model.signal.Observable;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalSource;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeEvent;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import io.tandem.triage.config.ResolvedSilences;
import io.tandem.triage.stream.StreamFixture;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

/**
 * The triage service end to end on the real broker and database: rules written over REST reach the stream through
 * {@code triage.config}, signals go through the exactly-once topology, and the "why" API answers from the projection.
 */
@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class TriageApiTest {

    @Inject
    ResolvedSilences resolvedSilences;

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static RequestSpecification as(String role, String subject) {
        return given().auth().oauth2(TestInfra.get().token(role, subject)).contentType(ContentType.JSON);
    }

    private static Signal send(String fingerprint, String host, SignalKind kind, SignalStatus status, Severity severity,
                               Map<String, String> labels) {
        Signal signal = StreamFixture.signal(fingerprint, host, kind, status, severity, Instant.now(), labels);
        TestInfra.get().kafka().send(Topics.SIGNALS_NORMALIZED, host, Json.write(signal), Map.of());
        return signal;
    }

    /** The "why" answer for a signal once the projection has it. */
    private static Response why(Signal signal) {
        return await().atMost(DEADLINE).until(() -> as("viewer", "vic").get("/api/v1/signals/{id}/decision", signal.id()),
                r -> r.statusCode() == 200);
    }

    @Test
    void shouldRefuseBadSilencesNamingTheField() {
        String in1h = Instant.now().plusSeconds(3600).toString();
        as("responder", "alice").body("{\"endsAt\":\"" + in1h + "\",\"matchers\":[]}").post("/api/v1/silences")
                .then().statusCode(400).body("errors.field", hasItem("matchers"));
        as("responder", "alice").body("{\"matchers\":[\"alertname=\\\"X\\\"\"],\"endsAt\":\"2020-01-01T00:00:00Z\"}")
                .post("/api/v1/silences").then().statusCode(400).body("errors.field", hasItem("endsAt"));
        as("responder", "alice").body("{\"matchers\":[\"alertname=\\\"X\\\"\"],\"endsAt\":\""
                        + Instant.now().plus(Duration.ofDays(90)) + "\"}")
                .post("/api/v1/silences").then().statusCode(400).body("detail", containsString("maximum"));
        as("responder", "alice").body("{\"matchers\":[\"alertname=~\\\"(\\\"\"],\"endsAt\":\"" + in1h + "\"}")
                .post("/api/v1/silences").then().statusCode(400).body("errors.field", hasItem("matchers[0]"))
                .body("detail", containsString("invalid regex"));
        as("responder", "alice").body("{\"matchers\":[{\"name\":\"job\",\"value\":\".*\",\"isRegex\":true}],\"endsAt\":\"" + in1h + "\"}")
                .post("/api/v1/silences").then().statusCode(400).body("detail", containsString("cannot mute everything"));
        as("responder", "alice").body("{\"matchers\":[\"job=~\\\"nothing-matches-this-\\\"\"],\"endsAt\":\"" + in1h + "\"}")
                .queryParam("force", true).post("/api/v1/silences").then().statusCode(403);
        as("viewer", "vic").body("{\"matchers\":[\"alertname=\\\"X\\\"\"],\"endsAt\":\"" + in1h + "\"}")
                .post("/api/v1/silences").then().statusCode(403);
        as("admin", "root").body("{\"matchers\":[\"job=~\\\"nothing-matches-this-\\\"\"],\"endsAt\":\"" + in1h + "\"}")
                .queryParam("force", true).post("/api/v1/silences").then().statusCode(201)
                .body("silence.createdBy", equalTo("root")).body("state", equalTo("active"));
    }

    @Test
    void shouldSilenceThroughTheStreamPreviewItAndPageOnceItIsExpired() {
        String alertname = "Disk-" + UUID.randomUUID();
        String silenceId = as("responder", "alice")
                .body("{\"matchers\":[{\"name\":\"alertname\",\"value\":\"" + alertname + "\"}],\"endsAt\":\""
                        + Instant.now().plusSeconds(3600) + "\",\"comment\":\"replacing the disk\"}")
                .post("/api/v1/silences").then().statusCode(201).header("Location", containsString("/api/v1/silences/"))
                .extract().path("silence.id");

        Signal signal = attempt("SILENCED", n -> send("disk-" + n, "db-" + n, SignalKind.OPERATIONAL, SignalStatus.FIRING,
                Severity.HIGH, Map.of("alertname", alertname)));
        why(signal).then().body("decision.decidedBy.kind", equalTo("silence"))
                .body("decision.decidedBy.id", equalTo(silenceId))
                .body("decision.reason", containsString("created by alice"))
                .body("followUps", hasSize(0));

        await().atMost(DEADLINE).untilAsserted(() -> as("responder", "alice")
                .body("{\"matchers\":[\"alertname=\\\"" + alertname + "\\\"\"],\"endsAt\":\"" + Instant.now().plusSeconds(600) + "\"}")
                .queryParam("dryRun", true).post("/api/v1/silences")
                .then().statusCode(200).body("count", equalTo(1)).body("wouldMute[0].fingerprint", equalTo(signal.fingerprint())));

        as("responder", "alice").delete("/api/v1/silences/{id}", silenceId).then().statusCode(204);
        as("viewer", "vic").get("/api/v1/silences/{id}", silenceId).then().statusCode(200).body("state", equalTo("expired"));
        await().atMost(DEADLINE).untilAsserted(() -> why(signal).then().body("followUps", hasSize(1))
                .body("followUps[0].outcome", equalTo("routed"))
                .body("followUps[0].reason", containsString("no longer mutes it")));
    }

    @Test
    void shouldEndAnEndOnResolveSilenceOnlyOnceItsAlertStayedResolvedForTheHoldDown() {
        String alertname = "Flappy-" + UUID.randomUUID();
        String silenceId = as("responder", "alice").body("{\"matchers\":[\"alertname=\\\"" + alertname + "\\\"\"],"
                        + "\"endsAt\":\"" + Instant.now().plusSeconds(3600) + "\",\"endOnResolve\":true,\"resolveHoldDown\":\"PT10M\"}")
                .post("/api/v1/silences").then().statusCode(201).body("silence.resolveHoldDown", equalTo("PT10M"))
                .extract().path("silence.id");
        Signal firing = attempt("SILENCED", n -> send("f-" + n, "nas-" + n, SignalKind.OPERATIONAL, SignalStatus.FIRING,
                Severity.MEDIUM, Map.of("alertname", alertname)));
        assertThat(resolvedSilences.endResolved(Instant.now().plus(Duration.ofHours(1))).await().indefinitely())
                .as("its alert still fires").doesNotContain(UUID.fromString(silenceId));

        Signal resolved = send(firing.fingerprint(), firing.asset().hostname(), SignalKind.OPERATIONAL, SignalStatus.RESOLVED,
                Severity.MEDIUM, Map.of("alertname", alertname));
        Instant resolvedAt = Instant.parse(why(resolved).jsonPath().getString("decision.decidedAt"));
        as("responder", "alice").body("{\"matchers\":[\"alertname=\\\"" + alertname + "\\\"\"],\"endsAt\":\""
                        + Instant.now().plusSeconds(600) + "\"}").queryParam("dryRun", true).post("/api/v1/silences")
                .then().statusCode(200).body("count", equalTo(0));
        assertThat(resolvedSilences.endResolved(Instant.now().plus(Duration.ofMinutes(5))).await().indefinitely())
                .as("resolved, but not yet for the hold-down").doesNotContain(UUID.fromString(silenceId));
        // A repeated resolve changes nothing, so the hold-down still counts from when the alert resolved.
        why(send(firing.fingerprint(), firing.asset().hostname(), SignalKind.OPERATIONAL, SignalStatus.RESOLVED,
                Severity.MEDIUM, Map.of("alertname", alertname)));
        Instant later = resolvedAt.plus(Duration.ofMinutes(10));
        assertThat(resolvedSilences.endResolved(later).await().indefinitely()).contains(UUID.fromString(silenceId));
        String endsAt = as("viewer", "vic").get("/api/v1/silences/{id}", silenceId).then().extract().path("silence.endsAt");
        assertThat(Instant.parse(endsAt)).as("ended at the check, not at its planned end").isEqualTo(later);
    }

    @Test
    void shouldInhibitAndRouteByRulesWrittenOverRest() {
        String zone = "zone-" + UUID.randomUUID();
        as("admin", "root").body("{\"name\":\"zone down\",\"sourceMatchers\":[\"alertname=\\\"ZoneDown\\\"\"],"
                + "\"targetMatchers\":[\"zone=\\\"" + zone + "\\\"\",\"alertname!=\\\"ZoneDown\\\"\"],\"equal\":[\"zone\"]}")
                .post("/api/v1/inhibit-rules").then().statusCode(201);
        String routeId = as("admin", "root").body("{\"name\":\"payments\",\"matchers\":[\"zone=\\\"" + zone + "\\\"\"],"
                        + "\"team\":\"payments-sre\",\"action\":\"incident\",\"actions\":[\"open-ticket\"]}")
                .post("/api/v1/routes").then().statusCode(201).extract().path("id");
        as("responder", "rita").body("{\"name\":\"x\"}").post("/api/v1/routes").then().statusCode(403);

        Map<String, Signal> sources = new java.util.concurrent.ConcurrentHashMap<>();
        Signal target = attempt("INHIBITED", n -> {
            sources.put(n, send("zd-" + n, "gw-" + n, SignalKind.AVAILABILITY, SignalStatus.FIRING, Severity.CRITICAL,
                    Map.of("alertname", "ZoneDown", "zone", zone)));
            return send("lat-" + n, "gw-" + n, SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM,
                    Map.of("alertname", "Latency", "zone", zone));
        });
        why(target).then().body("decision.decidedBy.kind", equalTo("inhibit-rule"))
                .body("decision.reason", containsString("'zone down'"));
        String host = target.asset().hostname();
        Signal source = sources.get(host.substring(3));
        why(source).then().body("decision.decidedBy.id", equalTo(routeId))
                .body("decision.route.team", equalTo("payments-sre"))
                .body("decision.route.actions", hasItem("open-ticket"));

        await().atMost(DEADLINE).untilAsserted(() -> as("viewer", "vic").queryParam("limit", 1000).get("/api/v1/alert-groups")
                .then().statusCode(200).body("items.findAll { it.assetKeys.contains('" + host + "') }.size()", equalTo(2)));
    }

    @Test
    void shouldInhibitATargetOnAnotherPartitionThanItsSource() {
        String datacenter = "dc-" + UUID.randomUUID();
        as("admin", "root").body("{\"name\":\"datacenter down\",\"sourceMatchers\":[\"alertname=\\\"DatacenterDown\\\"\"],"
                + "\"targetMatchers\":[\"alertname!=\\\"DatacenterDown\\\"\"],\"equal\":[\"datacenter\"]}")
                .post("/api/v1/inhibit-rules").then().statusCode(201);
        String core = "core-" + datacenter;
        int partitions;
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                Map.<String, Object>of("bootstrap.servers", TestInfra.get().bootstrapServers()),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer())) {
            partitions = consumer.partitionsFor(Topics.SIGNALS_NORMALIZED).size();
        }
        assertThat(partitions).as("source and target need partitions of their own").isGreaterThan(1);
        // Repeated until the rule has reached the stream; a repeat of a tracked source publishes nothing.
        Signal target = attempt("INHIBITED", n -> {
            send("dcd-" + datacenter, core, SignalKind.AVAILABILITY, SignalStatus.FIRING, Severity.CRITICAL,
                    Map.of("alertname", "DatacenterDown", "datacenter", datacenter));
            return send("disk-" + n, onAnotherPartitionThan(core, n, partitions), SignalKind.OPERATIONAL, SignalStatus.FIRING,
                    Severity.MEDIUM, Map.of("alertname", "DiskFull", "datacenter", datacenter));
        });
        why(target).then().body("decision.decidedBy.kind", equalTo("inhibit-rule"))
                .body("decision.reason", containsString("source alert dcd-" + datacenter + " fires"));
    }

    /** A host whose signals land on another partition of signals.normalized than {@code host}'s. */
    private static String onAnotherPartitionThan(String host, String seed, int partitions) {
        int taken = partition(host, partitions);
        for (int i = 0; ; i++) {
            String candidate = "srv-" + seed + "-" + i;
            if (partition(candidate, partitions) != taken) {
                return candidate;
            }
        }
    }

    private static int partition(String key, int partitions) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    }

    @Test
    void shouldLinkASignalToTheChangeInItsWindowAndSayWhy() {
        Map<String, UUID> changes = new java.util.concurrent.ConcurrentHashMap<>();
        Signal signal = attempt("CHANGE_LINKED", n -> {
            Asset asset = StreamFixture.asset("app-" + n, "checkout", "prod", 2);
            TestInfra.get().kafka().send(Topics.INVENTORY_ASSETS, asset.id().toString(), Json.write(asset), Map.of());
            UUID changeId = UUID.randomUUID();
            changes.put(asset.name(), changeId);
            var change = StreamFixture.change(changeId, ChangeStatus.IN_PROGRESS, asset, Instant.now().minusSeconds(60),
                    Instant.now().plusSeconds(3600));
            TestInfra.get().kafka().send(Topics.CHANGES_EVENTS, changeId.toString(),
                    Json.write(new ChangeEvent(ChangeAction.STARTED, change, "carol", null, Instant.now())), Map.of());
            return send("restart-" + n, asset.name(), SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM, Map.of());
        });
        UUID changeId = changes.get(signal.asset().hostname());
        why(signal).then().body("decision.decidedBy.kind", equalTo("change"))
                .body("decision.route.changeId", equalTo(changeId.toString()))
                .body("decision.enrichment.ownerTeam", equalTo("checkout"))
                .body("decision.reason", containsString("inside the window of change " + changeId));
    }

    @Test
    void shouldCorrelateTheSameAttackerAcrossHostsByARuleWrittenOverRest() {
        as("admin", "root").body("{\"name\":\"x\",\"groupBy\":[\"observable:colour\"],\"window\":\"PT1H\"}")
                .post("/api/v1/correlation-rules").then().statusCode(400).body("errors.field", hasItems("groupBy[0]"));
        String campaign = "camp-" + UUID.randomUUID();
        String ruleId = as("admin", "root").body("{\"name\":\"same attacker\",\"matchers\":[\"campaign=\\\"" + campaign
                        + "\\\"\"],\"groupBy\":[\"observable:ip@src_ip\"],\"window\":\"PT30M\"}")
                .post("/api/v1/correlation-rules").then().statusCode(201).extract().path("id");

        Signal second = attempt("GROUPED", n -> {
            String attacker = "203.0.113." + (Math.abs(n.hashCode()) % 250);
            sendAttack("web-" + n, attacker, campaign);
            return sendAttack("db-" + n, attacker, campaign);
        });
        why(second).then().body("decision.decidedBy.kind", equalTo("correlation-rule"))
                .body("decision.decidedBy.id", equalTo(ruleId))
                .body("decision.reason", containsString("'same attacker'"));
    }

    private static Signal sendAttack(String host, String attacker, String campaign) {
        Instant now = Instant.now();
        Signal signal = new Signal(UUID.randomUUID(), new SignalSource("suricata", "test"), null,
                "brute/" + host, SignalKind.SECURITY, null, "SSH brute force on " + host, null, Severity.MEDIUM,
                SignalStatus.FIRING, now, now, new AssetRef(host, null, null, null, "prod"),
                Map.of("campaign", campaign), List.of(Observable.of(
                io.tandem.model.signal.ObservableType.IP, attacker, "src_ip")), List.of(), null, null, null);
        TestInfra.get().kafka().send(Topics.SIGNALS_NORMALIZED, host, Json.write(signal), Map.of());
        return signal;
    }

    @Test
    void shouldAnswer404ForASignalWithoutDecisionAnd400ForABadId() {
        as("viewer", "vic").get("/api/v1/signals/{id}/decision", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        as("viewer", "vic").get("/api/v1/signals/not-a-uuid/decision").then().statusCode(400).body("errors.field", hasItem("id"));
        as("viewer", "vic").queryParam("status", "sideways").get("/api/v1/alert-groups").then().statusCode(400)
                .body("errors.field", hasItem("status"));
    }

    /**
     * The projection commits what it has written: its consumer group's offsets move past the signal's decision and
     * group event, so a restart does not replay the whole history and the lag does not grow until the channel gives up.
     */
    @Test
    void shouldCommitTheProjectionsOffsetsOnceItsWritesAreDone() {
        Signal signal = send("commit-" + UUID.randomUUID(), "commit-" + UUID.randomUUID().toString().substring(0, 8),
                SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM, Map.of());
        String groupId = why(signal).jsonPath().getString("decision.alertGroupId");
        ConsumerRecord<String, byte[]> decision = TestInfra.get().kafka().await(Topics.TRIAGE_DECISIONS, 1, DEADLINE,
                r -> signal.id().toString().equals(KafkaTestClient.header(r, "ce_id"))).get(0);
        ConsumerRecord<String, byte[]> group = TestInfra.get().kafka().await(Topics.ALERTS_GROUPS, 1, DEADLINE,
                r -> groupId.equals(r.key())).get(0);
        for (ConsumerRecord<String, byte[]> record : List.of(decision, group)) {
            await(record.topic() + " committed").atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() ->
                    TestInfra.get().kafka().committedAndEnd("tandem-triage-projection", record.topic())
                            .get(new TopicPartition(record.topic(), record.partition()))[0] > record.offset());
        }
    }

    /**
     * Records on {@code triage.decisions} that are not decisions (another producer's bug) are skipped by the
     * projection, and the decisions around them are still projected.
     */
    @Test
    void shouldSkipRecordsThatAreNotDecisionsAndProjectTheOthers() {
        Signal signal = send("skip-" + UUID.randomUUID(), "skip-" + UUID.randomUUID().toString().substring(0, 8),
                SignalKind.OPERATIONAL, SignalStatus.FIRING, Severity.MEDIUM, Map.of());
        why(signal);
        String body = new String(TestInfra.get().kafka().await(Topics.TRIAGE_DECISIONS, 1, DEADLINE,
                r -> signal.id().toString().equals(KafkaTestClient.header(r, "ce_id"))).get(0).value(), StandardCharsets.UTF_8);
        UUID copy = UUID.randomUUID();
        KafkaTestClient kafka = TestInfra.get().kafka();
        kafka.send(Topics.TRIAGE_DECISIONS, "bad", "not json {", Map.of("ce_id", "bad-" + copy));
        kafka.send(Topics.TRIAGE_DECISIONS, "bad", "{\"signalId\":\"not-a-uuid\"}", Map.of("ce_id", "bad2-" + copy));
        kafka.send(Topics.TRIAGE_DECISIONS, "good", body.replace(signal.id().toString(), copy.toString()),
                Map.of("ce_id", copy.toString()));

        await().atMost(DEADLINE).untilAsserted(() -> as("viewer", "vic").get("/api/v1/signals/{id}/decision", copy)
                .then().statusCode(200).body("decision.signalId", equalTo(copy.toString())));
    }

    /**
     * Rules, assets and changes reach the stream asynchronously through their topics; until its global store has
     * them, a signal is decided without them. So each attempt sends fresh signals (new host, new group) until one is
     * decided the expected way, and that signal is the one the test goes on with.
     */
    private static Signal attempt(String outcome, Function<String, Signal> attempt) {
        String expected = outcome.toLowerCase(Locale.ROOT).replace('_', '-');
        return await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> {
            Signal probe = attempt.apply(UUID.randomUUID().toString().substring(0, 8));
            return expected.equals(why(probe).jsonPath().getString("decision.outcome")) ? probe : null;
        }, Objects::nonNull);
    }
}
