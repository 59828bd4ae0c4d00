package io.tandem.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.model.Topics;
import io.tandem.model.json.Json;
import io.tandem.system.LocalProcesses;
import io.tandem.system.RunningPlatform;
import io.tandem.testkit.TestInfra;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest throughput against yardsticks on the same machine and broker, in one run: {@code signals.raw} →
 * {@code signals.normalized} through the ingest service next to a plain Kafka consumer→producer copy of the same
 * bytes, and batches of 10 alerts on {@code POST /api/v2/alerts} next to Prometheus Alertmanager itself.
 *
 * <p>Not part of {@code ./platform test}; run it with
 * <pre>{@value #COMMAND}</pre>
 * (or {@code mvn -B -ntp -pl system-tests verify -Pbenchmark} once the services are built). Sizes are system
 * properties: {@code bench.records} (200000), {@code bench.warmup.records} (20000), {@code bench.kafka.deadline.seconds}
 * (300 per measured path), {@code bench.http.seconds} (20), {@code bench.http.warmup.seconds} (5),
 * {@code bench.http.concurrency} (16); 0 records or 0 seconds skip that part. {@code bench.ingest.config}
 * ({@code key=value,key=value}) passes configuration properties to the ingest service as system properties, to
 * measure a tuning before proposing it.
 * The result table is printed and written to
 * {@code system-tests/target/benchmark-result.txt}.
 */
class IngestBenchmark {

    static final String COMMAND = "mvn -B -ntp verify -pl system-tests -am -Pbenchmark -DskipTests";

    private static final long RECORDS = Long.getLong("bench.records", 200_000);
    private static final long WARMUP_RECORDS = Long.getLong("bench.warmup.records", 20_000);
    private static final Duration KAFKA_DEADLINE = Duration.ofSeconds(Long.getLong("bench.kafka.deadline.seconds", 300));
    private static final Duration HTTP_DURATION = Duration.ofSeconds(Long.getLong("bench.http.seconds", 20));
    private static final Duration HTTP_WARMUP = Duration.ofSeconds(Long.getLong("bench.http.warmup.seconds", 5));
    private static final int CONCURRENCY = Integer.getInteger("bench.http.concurrency", 16);
    private static final Map<String, String> INGEST_CONFIG = keyValues(System.getProperty("bench.ingest.config", ""));
    private static final int ALERTS_PER_BATCH = 10;
    private static final String COPY_IN = "bench.copy.in";
    private static final String COPY_OUT = "bench.copy.out";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void measureIngestAgainstPlainKafkaCopyAndAlertmanager() throws IOException {
        TestInfra infra = TestInfra.get();
        infra.createTopics(List.of(COPY_IN, COPY_OUT));
        StringBuilder report = new StringBuilder();
        List<String> jvmOptions = new ArrayList<>(RunningPlatform.PLATFORM_JVM_OPTIONS);
        INGEST_CONFIG.forEach((key, value) -> jvmOptions.add("-D" + key + "=" + value));
        if (!INGEST_CONFIG.isEmpty()) {
            report.append("\ningest configuration overrides: ").append(INGEST_CONFIG).append('\n');
        }
        try (RunningPlatform platform = RunningPlatform.start(List.of("ingest"), jvmOptions)) {
            URI ingest = platform.uri("ingest");
            RawPayloads mix = probeMix(ingest, infra);
            if (RECORDS > 0) {
                kafkaPaths(infra, mix, report);
            }
            if (!HTTP_DURATION.isZero()) {
                httpPaths(ingest, infra, report);
            }
        }
        report.append("\nreproduce: ").append(COMMAND).append('\n');
        System.out.println(report);
        Path result = Path.of("target", "benchmark-result.txt");
        Files.createDirectories(result.getParent());
        Files.writeString(result, report);
    }

    // --- Kafka: signals.raw → signals.normalized vs. a plain copy ----------------------------------------------

    private void kafkaPaths(TestInfra infra, RawPayloads mix, StringBuilder report) {
        KafkaPaths kafka = new KafkaPaths(infra.bootstrapServers());
        long first = 1;
        long warmup = Math.min(WARMUP_RECORDS, RECORDS);
        KafkaPaths.Run copy;
        KafkaPaths.Run ingest;
        try (KafkaPaths.PlainCopy copier = kafka.new PlainCopy(COPY_IN, COPY_OUT)) {
            // Warm-up on both paths first, so neither measured run pays for class loading and JIT compilation.
            log("warm-up: %d records through each path", warmup);
            kafka.measure(mix, first, warmup, COPY_IN, COPY_OUT, warmup, KAFKA_DEADLINE);
            kafka.measure(mix, first, warmup, Topics.SIGNALS_RAW, Topics.SIGNALS_NORMALIZED,
                    mix.signals(first, warmup), KAFKA_DEADLINE);
            first += warmup;
            log("measuring the plain copy: %d records", RECORDS);
            copy = kafka.measure(mix, first, RECORDS, COPY_IN, COPY_OUT, RECORDS, KAFKA_DEADLINE);
            assertThat(copier.failure()).as("plain copy failure").isNull();
        }
        log("measuring ingest: %d records", RECORDS);
        ingest = kafka.measure(mix, first, RECORDS, Topics.SIGNALS_RAW, Topics.SIGNALS_NORMALIZED,
                mix.signals(first, RECORDS), KAFKA_DEADLINE);
        if (!ingest.complete()) {
            // What ingest has not read yet would otherwise compete with the HTTP measurements.
            kafka.truncate(Topics.SIGNALS_RAW);
        }

        long generated = mix.formats().stream().filter(RawPayloads.Format::generated).count();
        report.append(String.format(Locale.ROOT, "%nKafka path: %,d raw records per path, %d formats in turn (%d with "
                        + "unique generated payloads, the rest their listed example), %.1f KiB average%n",
                RECORDS, mix.formats().size(), generated, mix.averageBytes() / 1024.0));
        report.append(String.format(Locale.ROOT, "  %-44s %12s %12s %10s%n", "path", "records/s", "out/s", "seconds"));
        row(report, "plain copy (consumer -> producer, acks=all)", copy);
        row(report, "ingest signals.raw -> signals.normalized", ingest);
        report.append(String.format(Locale.ROOT, "  %-44s %11.1f %%   (target >= 50 %%)%n", "ingest / plain copy",
                100 * ingest.recordsPerSecond() / copy.recordsPerSecond()));
    }

    private static void row(StringBuilder report, String label, KafkaPaths.Run run) {
        report.append(String.format(Locale.ROOT, "  %-44s %,12.0f %,12.0f %10.1f%s%n", label, run.recordsPerSecond(),
                run.outPerSecond(), run.elapsed().toMillis() / 1000.0,
                run.complete() ? "" : String.format(Locale.ROOT, "  (deadline: %,d of %,d out)", run.out(), run.expectedOut())));
    }

    /** Each listed format's payload, kept when ingest accepts it, with the number of signals it yields. */
    private RawPayloads probeMix(URI ingest, TestInfra infra) throws IOException {
        JsonNode listed = Json.mapper().readTree(get(ingest.resolve("/api/v1/formats"), infra.token("viewer", "bench")));
        Map<String, String> examples = new LinkedHashMap<>();
        listed.path("items").forEach(f -> examples.put(f.path("id").asText(), f.path("example").asText()));
        List<RawPayloads.Format> accepted = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        String token = infra.token("ingest", "bench");
        for (RawPayloads.Format candidate : RawPayloads.candidates(examples, run)) {
            byte[] payload = candidate.payload().apply(0);
            HttpResponse<String> response = post(ingest.resolve("/api/v1/signals/" + candidate.id()), token,
                    contentType(payload), payload);
            if (response.statusCode() == 202) {
                int signals = Json.mapper().readTree(response.body()).path("accepted").asInt();
                accepted.add(new RawPayloads.Format(candidate.id(), candidate.payload(), signals, candidate.generated()));
            } else {
                refused.add(candidate.id() + " (" + response.statusCode() + ")");
            }
        }
        assertThat(refused).as("formats whose payload ingest refused").isEmpty();
        return new RawPayloads(accepted);
    }

    // --- HTTP: POST /api/v2/alerts on ingest vs. Prometheus Alertmanager --------------------------------------

    private void httpPaths(URI ingest, TestInfra infra, StringBuilder report) throws IOException {
        String start = Instant.now().toString();
        String end = Instant.now().plus(Duration.ofHours(1)).toString();
        String token = infra.token("ingest", "bench");
        Optional<Path> binary = Alertmanager.binary();
        try (HttpLoad load = new HttpLoad(); Alertmanager alertmanager = binary.map(Alertmanager::start).orElse(null)) {
            URI tandem = ingest.resolve("/api/v2/alerts");
            log("HTTP warm-up: %s s each", HTTP_WARMUP.toSeconds());
            load.run(tandem, token, i -> batch(i, start, end), 0, CONCURRENCY, HTTP_WARMUP);
            if (alertmanager != null) {
                load.run(alertmanager.alerts(), null, i -> batch(i, start, end), 0, CONCURRENCY, HTTP_WARMUP);
            }
            // Both receive the very same batches, so both hold the same alerts afterwards.
            long first = 1_000_000_000L;
            log("measuring POST /api/v2/alerts on ingest for %s s", HTTP_DURATION.toSeconds());
            HttpLoad.Result ours = load.run(tandem, token, i -> batch(i, start, end), first, CONCURRENCY, HTTP_DURATION);
            HttpLoad.Result theirs = null;
            if (alertmanager != null) {
                log("measuring POST /api/v2/alerts on Alertmanager for %s s", HTTP_DURATION.toSeconds());
                theirs = load.run(alertmanager.alerts(), null, i -> batch(i, start, end), first, CONCURRENCY, HTTP_DURATION);
            }

            report.append(String.format(Locale.ROOT, "%nHTTP path: POST /api/v2/alerts, batches of %d alerts, %d in "
                    + "flight, %d s per target%n", ALERTS_PER_BATCH, CONCURRENCY, HTTP_DURATION.toSeconds()));
            report.append(String.format(Locale.ROOT, "  %-44s %12s %9s %9s %9s %8s%n", "target", "alerts/s", "p50 ms",
                    "p99 ms", "max ms", "failed"));
            row(report, "Tandem ingest (durable, acks=all)", ours);
            if (theirs == null) {
                report.append("  Prometheus Alertmanager: not measured, prometheus-alertmanager is not installed\n");
            } else {
                row(report, "Prometheus Alertmanager " + alertmanager.version() + " (in memory)", theirs);
                report.append(String.format(Locale.ROOT, "  %-44s %11.1f %%   (goal: match it)%n", "ingest / Alertmanager",
                        100 * ours.requestsPerSecond() / theirs.requestsPerSecond()));
            }
            failures(report, "Tandem ingest", ours);
            if (theirs != null) {
                failures(report, "Alertmanager", theirs);
            }
        }
    }

    private static void row(StringBuilder report, String label, HttpLoad.Result result) {
        report.append(String.format(Locale.ROOT, "  %-44s %,12.0f %9.1f %9.1f %9.1f %8d%n", label,
                result.requestsPerSecond() * ALERTS_PER_BATCH, result.millis(50), result.millis(99),
                result.latencies().getMaxValue() / 1000.0, result.failed()));
    }

    private static void failures(StringBuilder report, String target, HttpLoad.Result result) {
        if (!result.failures().isEmpty()) {
            report.append("  ").append(target).append(" failures: ").append(result.failures()).append('\n');
        }
    }

    /** Batch {@code i}: ten firing alerts with label sets of their own, as a busy Prometheus sends them. */
    private byte[] batch(long i, String startsAt, String endsAt) {
        StringBuilder json = new StringBuilder(4096).append('[');
        for (int a = 0; a < ALERTS_PER_BATCH; a++) {
            long n = i * ALERTS_PER_BATCH + a;
            if (a > 0) {
                json.append(',');
            }
            json.append(String.format(Locale.ROOT, """
                    {"labels":{"alertname":"%s","instance":"node-%d.prod.internal:9100","job":"node",\
                    "severity":"%s","env":"prod","team":"platform","bench_run":"%s","seq":"%d"},\
                    "annotations":{"summary":"Benchmark alert %d","runbook_url":"https://runbooks.example/node"},\
                    "startsAt":"%s","endsAt":"%s","generatorURL":"http://prometheus:9090/graph?g0.expr=up%%3D%%3D0"}""",
                    ALERT_NAMES[(int) (n % ALERT_NAMES.length)], n % 500, n % 3 == 0 ? "critical" : "warning", run, n, n,
                    startsAt, endsAt));
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final String[] ALERT_NAMES = {"HighCpuLoad", "DiskWillFillIn4Hours", "InstanceDown",
            "HighMemoryUsage", "TargetDown", "KubePodCrashLooping", "HostOomKillDetected", "HighRequestLatency"};

    // --- plumbing ----------------------------------------------------------------------------------------------

    private String get(URI uri, String token) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build());
        assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> post(URI uri, String token, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String contentType(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8).stripLeading();
        return text.startsWith("{") || text.startsWith("[") ? "application/json" : "text/plain";
    }

    /** {@code K=V,K=V} as a map, so a configuration change can be measured before it is proposed. */
    /** {@code key=value,key=value} as a map: the {@code bench.*.config} knobs that pass settings to a service. */
    static Map<String, String> keyValues(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return map;
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }

    /** A Prometheus Alertmanager on a free loopback port with a do-nothing receiver and a throw-away storage path. */
    private static final class Alertmanager implements AutoCloseable {

        private final Process process;
        private final URI uri;
        private final String version;

        private Alertmanager(Process process, URI uri, String version) {
            this.process = process;
            this.uri = uri;
            this.version = version;
        }

        /** The binary, installed from Debian's package first when it is missing and this runs as root. */
        static Optional<Path> binary() {
            Optional<Path> found = LocalProcesses.onPath("prometheus-alertmanager")
                    .or(() -> LocalProcesses.onPath("alertmanager"));
            if (found.isPresent() || LocalProcesses.onPath("apt-get").isEmpty() || !root()) {
                return found;
            }
            log("installing Debian's prometheus-alertmanager");
            LocalProcesses.Result update = LocalProcesses.run(List.of("apt-get", "update", "-qq"), Duration.ofMinutes(5));
            LocalProcesses.Result install = LocalProcesses.run(List.of("apt-get", "install", "-y", "-qq",
                    "--no-install-recommends", "prometheus-alertmanager"), Duration.ofMinutes(10));
            if (install.exitCode() != 0) {
                log("could not install prometheus-alertmanager:%n%s%n%s", update.output(), install.output());
            }
            return LocalProcesses.onPath("prometheus-alertmanager");
        }

        private static boolean root() {
            return "0".equals(LocalProcesses.run(List.of("id", "-u"), Duration.ofSeconds(10)).output().trim());
        }

        static Alertmanager start(Path binary) {
            try {
                Path work = Files.createTempDirectory("tandem-bench-alertmanager-");
                Path config = work.resolve("alertmanager.yml");
                Files.writeString(config, """
                        route:
                          receiver: discard
                        receivers:
                          - name: discard
                        """);
                int port = LocalProcesses.freePort();
                Path log = Path.of("target", "benchmark-alertmanager.log").toAbsolutePath();
                String version = LocalProcesses.run(List.of(binary.toString(), "--version"), Duration.ofSeconds(10))
                        .output().lines().findFirst().orElse("").replaceAll("^alertmanager, version (\\S+).*", "$1");
                Process process = LocalProcesses.start(List.of(binary.toString(),
                        "--config.file=" + config,
                        "--storage.path=" + work.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        // An empty address turns the HA gossip mesh off; it would listen on every interface.
                        "--cluster.listen-address=",
                        "--log.level=warn"), log);
                Alertmanager alertmanager = new Alertmanager(process, URI.create("http://127.0.0.1:" + port), version);
                HttpClient client = HttpClient.newHttpClient();
                try {
                    Awaitility.await("Alertmanager ready").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                            .until(() -> process.isAlive() && client.send(HttpRequest.newBuilder(
                                    alertmanager.uri.resolve("/-/ready")).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
                } catch (ConditionTimeoutException e) {
                    alertmanager.close();
                    throw new IllegalStateException("Alertmanager not ready within 30 s:\n" + LocalProcesses.tail(log), e);
                }
                return alertmanager;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        URI alerts() {
            return uri.resolve("/api/v2/alerts");
        }

        String version() {
            return version;
        }

        @Override
        public void close() {
            LocalProcesses.stop(process);
        }
    }
}
