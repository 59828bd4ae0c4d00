package io.tandem.ingest.http;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tandem.model.Headers;
import io.tandem.model.Topics;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.tandem.ingest.http.IngestPipelineTest.alertmanagerWebhook;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signals carry the W3C trace of the request or raw record they came from, as every event of the contract does. Runs
 * with the tracing SDK on (it is off without a collector) and sampling off, so nothing is exported.
 */
@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
@TestProfile(TracePropagationTest.TracingOn.class)
class TracePropagationTest {

    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.traces.sampler", "always_off");
        }
    }

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final TestInfra infra = TestInfra.get();

    @Test
    void shouldContinueTheTraceOfTheRequestAndOfTheRawRecord() {
        String httpTrace = UUID.randomUUID().toString().replace("-", "");
        String httpHost = "traced-http-" + httpTrace;
        given().auth().oauth2(infra.token("ingest", "prometheus-eu1"))
                .header(Headers.TRACEPARENT, "00-" + httpTrace + "-00f067aa0ba902b7-01")
                .contentType("application/json").body(alertmanagerWebhook(httpHost, "firing", "HostDown"))
                .when().post("/api/v1/signals/alertmanager")
                .then().statusCode(202);
        String rawTrace = UUID.randomUUID().toString().replace("-", "");
        String rawHost = "traced-raw-" + rawTrace;
        infra.kafka().send(Topics.SIGNALS_RAW, rawHost, alertmanagerWebhook(rawHost, "firing", "HostDown"),
                Map.of(Headers.SOURCE, "alertmanager", Headers.TRACEPARENT, "00-" + rawTrace + "-00f067aa0ba902b7-01"));

        ConsumerRecord<String, byte[]> fromHttp = infra.kafka().await(Topics.SIGNALS_NORMALIZED, 1, DEADLINE,
                r -> httpHost.equals(r.key())).get(0);
        ConsumerRecord<String, byte[]> fromRaw = infra.kafka().await(Topics.SIGNALS_NORMALIZED, 1, DEADLINE,
                r -> rawHost.equals(r.key())).get(0);
        assertThat(KafkaTestClient.header(fromHttp, Headers.TRACEPARENT)).startsWith("00-" + httpTrace + "-");
        assertThat(KafkaTestClient.header(fromRaw, Headers.TRACEPARENT)).startsWith("00-" + rawTrace + "-");
    }
}
