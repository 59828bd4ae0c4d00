package io.tandem.system;

import io.tandem.model.Topics;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalStatus;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TestInfra;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus (Debian's {@code prometheus}) with an always-firing rule and the running ingest service as its
 * Alertmanager: the alert it fires arrives on {@code signals.normalized} as a canonical signal.
 */
class PrometheusAlertmanagerIT {

    private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path work;
    private Process prometheus;

    @AfterEach
    void stopPrometheus() {
        LocalProcesses.stop(prometheus);
    }

    @Test
    void shouldDeliverAlertsOfARealPrometheusToSignalsNormalized() throws IOException {
        Path prometheusBinary = LocalProcesses.required("prometheus");
        Path promtool = LocalProcesses.required("promtool");
        URI ingest = RunningPlatform.get().uri("ingest");

        String alertName = "TandemAlwaysFiring_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String host = "db-" + UUID.randomUUID().toString().substring(0, 8) + ".prod.example.internal";
        Path config = writeConfig(ingest, alertName, host);

        LocalProcesses.Result check = LocalProcesses.run(List.of(promtool.toString(), "check", "config", config.toString()),
                Duration.ofSeconds(30));
        assertThat(check.exitCode()).as("promtool check config:\n%s", check.output()).isZero();

        int port = LocalProcesses.freePort();
        Path log = Path.of("target", "prometheus-it.log").toAbsolutePath();
        prometheus = LocalProcesses.start(List.of(prometheusBinary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                // Prometheus re-sends a still-firing alert every minute by default; 1 s keeps a missed first
                // delivery (ingest not yet subscribed, a transient 5xx) from eating the whole deadline.
                "--rules.alert.resend-delay=1s"), log);

        List<ConsumerRecord<String, byte[]>> records;
        try {
            records = TestInfra.get().kafka().await(Topics.SIGNALS_NORMALIZED, 1, DELIVERY_DEADLINE,
                    r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(alertName));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; prometheus alive=" + prometheus.isAlive()
                    + ", its log:\n" + LocalProcesses.tail(log), e);
        }

        ConsumerRecord<String, byte[]> record = records.get(0);
        Signal signal = Json.read(record.value(), Signal.class);
        assertThat(signal.source().format()).isEqualTo("alertmanager");
        assertThat(signal.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(signal.title()).isEqualTo(alertName);
        assertThat(signal.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(signal.asset().hostname()).isEqualTo(host);
        assertThat(signal.labels()).containsEntry("alertname", alertName).containsEntry("team", "system-tests");
        assertThat(KafkaTestClient.header(record, "ce_id")).isEqualTo(signal.id().toString());
    }

    /**
     * An always-firing rule evaluated every second, and the ingest service as the only Alertmanager, reached over
     * the Alertmanager v2 API with an {@code ingest} bearer token read from a file (kept out of the config text).
     */
    private Path writeConfig(URI ingest, String alertName, String host) throws IOException {
        Path token = work.resolve("ingest.token");
        Files.writeString(token, TestInfra.get().token("ingest", "prometheus-it"));
        Path rules = work.resolve("rules.yml");
        Files.writeString(rules, """
                groups:
                  - name: tandem-system-test
                    interval: 1s
                    rules:
                      - alert: %s
                        expr: vector(1)
                        labels:
                          severity: critical
                          instance: %s:9100
                          host: %s
                          team: system-tests
                        annotations:
                          description: Always fires, so that Prometheus delivers it to Tandem.
                """.formatted(alertName, host, host));
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  evaluation_interval: 1s
                rule_files:
                  - %s
                alerting:
                  alertmanagers:
                    - scheme: http
                      api_version: v2
                      timeout: 5s
                      authorization:
                        type: Bearer
                        credentials_file: %s
                      static_configs:
                        - targets: ['%s:%d']
                """.formatted(rules, token, ingest.getHost(), ingest.getPort()));
        return config;
    }
}
