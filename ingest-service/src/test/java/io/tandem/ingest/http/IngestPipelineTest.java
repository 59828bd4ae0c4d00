package io.tandem.ingest.http;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.model.EventSchemas;
import io.tandem.model.Headers;
import io.tandem.model.Topics;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalStatus;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The ingest paths end to end against the real broker: HTTP and signals.raw in, signals.normalized and the DLQ out. */
@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class IngestPipelineTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final TestInfra infra = TestInfra.get();

    @Test
    void shouldAnswer202OnlyWithSignalsOnTheNormalizedTopic() throws Exception {
        String host = "web-" + UUID.randomUUID();
        List<String> ids = given().auth().oauth2(infra.token("ingest", "prometheus-eu1"))
                .contentType("application/json").body(alertmanagerWebhook(host, "firing", "HostDown", "OtherAlert"))
                .when().post("/api/v1/signals/alertmanager")
                .then().statusCode(202).body("accepted", equalTo(2))
                .extract().jsonPath().getList("signalIds", String.class);

        List<ConsumerRecord<String, byte[]>> records = infra.kafka().await(Topics.SIGNALS_NORMALIZED, 2, DEADLINE,
                r -> ids.contains(KafkaTestClient.header(r, "ce_id")));
        for (ConsumerRecord<String, byte[]> record : records) {
            Signal signal = Json.read(record.value(), Signal.class);
            assertThat(record.key()).isEqualTo(host);
            assertThat(signal.source().format()).isEqualTo("alertmanager");
            assertThat(signal.source().instance()).isEqualTo("prometheus-eu1");
            assertThat(signal.status()).isEqualTo(SignalStatus.FIRING);
            assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo("io.tandem.signal.normalized.v1");
            assertThat(KafkaTestClient.header(record, "ce_source")).isEqualTo("/tandem/ingest");
            assertThat(EventSchemas.violations("signal", Json.mapper().readTree(record.value()))).isEmpty();
        }
    }

    @Test
    void shouldGiveTheSameEventTheSameSignalIdWhenResent() {
        String payload = alertmanagerWebhook("db-" + UUID.randomUUID(), "firing", "DiskFull");
        List<String> first = post("alertmanager", payload);
        List<String> second = post("alertmanager", payload);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldNormalizeRecordsFromTheRawTopicAndCommitThem() {
        String host = "raw-" + UUID.randomUUID();
        RecordMetadata raw = infra.kafka().send(Topics.SIGNALS_RAW, host,
                alertmanagerWebhook(host, "resolved", "HostDown"), Map.of(Headers.SOURCE, "alertmanager"));

        ConsumerRecord<String, byte[]> record = infra.kafka().await(Topics.SIGNALS_NORMALIZED, 1, DEADLINE,
                r -> host.equals(r.key())).get(0);
        Signal signal = Json.read(record.value(), Signal.class);
        assertThat(signal.status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(signal.rawRef()).isEqualTo(Topics.SIGNALS_RAW + "/" + raw.partition() + "/" + raw.offset());
        // Committed once its signal is on the broker, so a restart does not read it again.
        TopicPartition partition = new TopicPartition(Topics.SIGNALS_RAW, raw.partition());
        await().atMost(DEADLINE).until(() ->
                infra.kafka().committedAndEnd("tandem-ingest", Topics.SIGNALS_RAW).get(partition)[0] > raw.offset());
    }

    @Test
    void shouldDeadLetterGarbageWithTheReasonAndKeepFlowing() {
        String marker = UUID.randomUUID().toString();
        infra.kafka().send(Topics.SIGNALS_RAW, marker, "{not json " + marker, Map.of(Headers.SOURCE, "alertmanager"));
        infra.kafka().send(Topics.SIGNALS_RAW, marker + "-nosource", "{}", Map.of());
        String host = "after-garbage-" + marker;
        infra.kafka().send(Topics.SIGNALS_RAW, host, alertmanagerWebhook(host, "firing", "HostDown"),
                Map.of(Headers.SOURCE, "alertmanager"));

        ConsumerRecord<String, byte[]> dead = infra.kafka().await(Topics.SIGNALS_DLQ, 1, DEADLINE,
                r -> marker.equals(r.key())).get(0);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json " + marker);
        assertThat(KafkaTestClient.header(dead, Headers.ERROR)).isEqualTo("parse-error");
        assertThat(KafkaTestClient.header(dead, Headers.ERROR_DETAIL)).isNotBlank();
        assertThat(KafkaTestClient.header(dead, Headers.SOURCE)).isEqualTo("alertmanager");
        assertThat(KafkaTestClient.header(dead, Headers.ORIGIN_TOPIC)).isEqualTo(Topics.SIGNALS_RAW);
        assertThat(KafkaTestClient.header(dead, Headers.ORIGIN_OFFSET)).matches("\\d+");

        ConsumerRecord<String, byte[]> noSource = infra.kafka().await(Topics.SIGNALS_DLQ, 1, DEADLINE,
                r -> (marker + "-nosource").equals(r.key())).get(0);
        assertThat(KafkaTestClient.header(noSource, Headers.ERROR_DETAIL)).contains(Headers.SOURCE);

        infra.kafka().await(Topics.SIGNALS_NORMALIZED, 1, DEADLINE, r -> host.equals(r.key()));
    }

    @Test
    void shouldDeadLetterOnlyTheRecordWhoseSignalTheBrokerRefusesAndKeepFlowing() {
        String host = "huge-" + UUID.randomUUID();
        // Its signal holds the description twice (as the description and in raw): over the producer's 1 MB limit.
        String huge = alertmanagerWebhook(host, "firing", "HostDown").replace("\"annotations\":{",
                "\"annotations\":{\"description\":\"" + "x".repeat(700_000) + "\",");
        String before = "before-huge-" + host;
        String after = "after-huge-" + host;
        infra.kafka().send(Topics.SIGNALS_RAW, host, alertmanagerWebhook(before, "firing", "HostDown"),
                Map.of(Headers.SOURCE, "alertmanager"));
        infra.kafka().send(Topics.SIGNALS_RAW, host, huge, Map.of(Headers.SOURCE, "alertmanager"));
        infra.kafka().send(Topics.SIGNALS_RAW, host, alertmanagerWebhook(after, "firing", "HostDown"),
                Map.of(Headers.SOURCE, "alertmanager"));

        ConsumerRecord<String, byte[]> dead = infra.kafka().await(Topics.SIGNALS_DLQ, 1, DEADLINE,
                r -> host.equals(r.key())).get(0);
        assertThat(KafkaTestClient.header(dead, Headers.ERROR)).isEqualTo("publish-error");
        assertThat(KafkaTestClient.header(dead, Headers.ERROR_DETAIL)).contains("RecordTooLargeException");
        assertThat(dead.value()).isEqualTo(huge.getBytes(StandardCharsets.UTF_8));
        infra.kafka().await(Topics.SIGNALS_NORMALIZED, 1, DEADLINE, r -> before.equals(r.key()));
        infra.kafka().await(Topics.SIGNALS_NORMALIZED, 1, DEADLINE, r -> after.equals(r.key()));
        assertThat(infra.kafka().all(Topics.SIGNALS_DLQ, r -> host.equals(r.key()))).hasSize(1);
    }

    @Test
    void shouldAnswer400NamingWhatIsWrong() {
        given().auth().oauth2(infra.token("ingest", "grafana"))
                .contentType("application/json").body("{\"version\":\"4\",\"alerts\":\"not-a-list\"}")
                .when().post("/api/v1/signals/alertmanager")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(containsString("alerts")));
    }

    @Test
    void shouldAnswer400ForAnUnknownFormat() {
        given().auth().oauth2(infra.token("ingest", "x")).contentType("application/json").body("{}")
                .when().post("/api/v1/signals/no-such-format")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("unknown format 'no-such-format'"));
    }

    @Test
    void shouldAnswer413PastTheSizeLimit() {
        byte[] big = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        given().auth().oauth2(infra.token("ingest", "x")).contentType("application/json").body(big)
                .when().post("/api/v1/signals/alertmanager")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void shouldAnswer415ForAnUnsupportedContentType() {
        given().auth().oauth2(infra.token("ingest", "x")).contentType("application/xml").body("<alert/>")
                .when().post("/api/v1/signals/alertmanager")
                .then().statusCode(415);
    }

    @Test
    void shouldListFormatsWithAnExampleThatParses() {
        List<Map<String, String>> formats = given().auth().oauth2(infra.token("viewer", "alice"))
                .when().get("/api/v1/formats")
                .then().statusCode(200).extract().jsonPath().getList("items");

        assertThat(formats).extracting(f -> f.get("id")).contains("alertmanager", "cef", "leef", "aws");
        for (Map<String, String> format : formats) {
            String contentType = format.get("example").trim().startsWith("{") || format.get("example").trim().startsWith("[")
                    ? "application/json" : "text/plain";
            given().auth().oauth2(infra.token("ingest", "examples")).contentType(contentType).body(format.get("example"))
                    .when().post("/api/v1/signals/" + format.get("id"))
                    .then().statusCode(202);
        }
    }

    private List<String> post(String format, String payload) {
        return given().auth().oauth2(infra.token("ingest", "test")).contentType("application/json").body(payload)
                .when().post("/api/v1/signals/" + format)
                .then().statusCode(202).extract().jsonPath().getList("signalIds", String.class);
    }

    /** An Alertmanager webhook (v4) body with one alert per name on {@code host}. */
    static String alertmanagerWebhook(String host, String status, String... alertNames) {
        StringBuilder alerts = new StringBuilder();
        for (String name : alertNames) {
            if (!alerts.isEmpty()) {
                alerts.append(',');
            }
            alerts.append("""
                    {"status":"%s","labels":{"alertname":"%s","instance":"%s:9100","job":"node","severity":"critical"},
                     "annotations":{"summary":"%s on %s"},"startsAt":"2026-11-20T08:14:00Z",
                     "endsAt":"%s","generatorURL":"http://prometheus:9090/graph","fingerprint":"%s"}
                    """.formatted(status, name, host, name, host,
                    "resolved".equals(status) ? "2026-11-20T08:20:00Z" : "0001-01-01T00:00:00Z",
                    Integer.toHexString((host + name).hashCode())));
        }
        return """
                {"version":"4","groupKey":"{}","status":"%s","receiver":"tandem","groupLabels":{},"commonLabels":{},
                 "commonAnnotations":{},"externalURL":"http://alertmanager:9093","alerts":[%s]}
                """.formatted(status, alerts);
    }
}
