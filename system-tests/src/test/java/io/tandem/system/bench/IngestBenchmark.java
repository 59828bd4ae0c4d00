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
import java.lang.management.ManagementFactory;
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
import java.util.Arrays;
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
 * <p>The Kafka target is sustained throughput, so each path is warmed up before it is measured, by the same rule:
 * rounds of {@code bench.warmup.records} records until the JIT compiler threads of the process doing the path's work
 * (the ingest process; this JVM for the plain copy, which runs in it) used less than 10 % of that process's CPU in
 * two rounds in a row, after at least {@code bench.warmup.min.rounds} rounds and for at most
 * {@code bench.warmup.max.seconds} per path. Ingest has a parser per format and keeps compiling for tens of seconds
 * (hundreds of thousands of records); measured before that, it measures the JIT. Every warm-up round is reported.
 * Then {@code bench.pairs} pairs of measured runs follow, each the plain copy and then ingest carrying the same
 * {@code bench.records} records (ids of their own, not the warm-up's): the machine's speed drifts over a run, and
 * runs seconds apart see the same drift, so the target is judged on the median of the pairs' ratios. The
 * table gives, next to records/s, the CPU time per record of the ingest process and of this JVM (broker, load
 * generator, reader, and the plain copy on its row): contention on a shared machine changes records/s, not those.
 *
 * <p>Not part of {@code ./platform test}; run it with
 * <pre>{@value #COMMAND}</pre>
 * (or {@code mvn -B -ntp -pl system-tests verify -Pbenchmark} once the services are built). Sizes are system
 * properties: {@code bench.records} (400000), {@code bench.pairs} (3), {@code bench.warmup.records} (40000 per round),
 * {@code bench.warmup.min.rounds} (3), {@code bench.warmup.max.seconds} (240), {@code bench.kafka.deadline.seconds}
 * (300 per measured path), {@code bench.http.seconds} (20), {@code bench.http.warmup.seconds} (5),
 * {@code bench.http.concurrency} (16); 0 records or 0 seconds skip that part. {@code bench.ingest.config}
 * ({@code key=value,key=value}) passes configuration properties to the ingest service as system properties, to
 * measure a tuning before proposing it; {@code bench.ingest.jvm} adds JVM options (whitespace-separated), e.g. a
 * flight recording. The result table is printed and written to {@code system-tests/target/benchmark-result.txt}.
 */
class IngestBenchmark {

    static final String COMMAND = "mvn -B -ntp verify -pl system-tests -am -Pbenchmark -Dbench.test=IngestBenchmark -DskipTests";

    private static final long RECORDS = Long.getLong("bench.records", 400_000);
    private static final int PAIRS = Integer.getInteger("bench.pairs", 3);
    private static final long WARMUP_RECORDS = Long.getLong("bench.warmup.records", 40_000);
    private static final int WARMUP_MIN_ROUNDS = Integer.getInteger("bench.warmup.min.rounds", 3);
    private static final Duration WARMUP_MAX = Duration.ofSeconds(Long.getLong("bench.warmup.max.seconds", 240));
    private static final Duration KAFKA_DEADLINE = Duration.ofSeconds(Long.getLong("bench.kafka.deadline.seconds", 300));
    private static final Duration HTTP_DURATION = Duration.ofSeconds(Long.getLong("bench.http.seconds", 20));
    private static final Duration HTTP_WARMUP = Duration.ofSeconds(Long.getLong("bench.http.warmup.seconds", 5));
    private static final int CONCURRENCY = Integer.getInteger("bench.http.concurrency", 16);
    private static final Map<String, String> INGEST_CONFIG = keyValues(System.getProperty("bench.ingest.config", ""));
    /** Extra JVM options for ingest, whitespace-separated (e.g. {@code -XX:StartFlightRecording:...} to profile it). */
    private static final List<String> INGEST_JVM = words(System.getProperty("bench.ingest.jvm", ""));
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
        jvmOptions.addAll(INGEST_JVM);
        INGEST_CONFIG.forEach((key, value) -> jvmOptions.add("-D" + key + "=" + value));
        if (!INGEST_CONFIG.isEmpty() || !INGEST_JVM.isEmpty()) {
            report.append("\ningest overrides: ").append(INGEST_JVM).append(' ').append(INGEST_CONFIG).append('\n');
        }
        try (RunningPlatform platform = RunningPlatform.start(List.of("ingest"), jvmOptions)) {
            URI ingest = platform.uri("ingest");
            RawPayloads mix = probeMix(ingest, infra);
            if (RECORDS > 0) {
                kafkaPaths(infra, mix, platform.services().get("ingest").process(), report);
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

    private void kafkaPaths(TestInfra infra, RawPayloads mix, Process ingestProcess, StringBuilder report) {
        KafkaPaths kafka = new KafkaPaths(infra.bootstrapServers());
        Cpu cpu = new Cpu(ingestProcess);
        List<Round> copyWarmup;
        List<Round> ingestWarmup;
        List<Round[]> pairs = new ArrayList<>();
        try (KafkaPaths.PlainCopy copier = kafka.new PlainCopy(COPY_IN, COPY_OUT)) {
            copyWarmup = warmUp("plain copy", cpu, false,
                    (first, n) -> kafka.measure(mix, first, n, COPY_IN, COPY_OUT, n, KAFKA_DEADLINE));
            ingestWarmup = warmUp("ingest", cpu, true, (first, n) -> kafka.measure(mix, first, n, Topics.SIGNALS_RAW,
                    Topics.SIGNALS_NORMALIZED, mix.signals(first, n), KAFKA_DEADLINE));
            // Warm-up records and measured records are separate ranges; both runs of a pair carry the same bytes.
            for (int pair = 0; pair < PAIRS; pair++) {
                long first = 1_000_000_000L + pair * RECORDS;
                log("pair %d of %d: measuring the plain copy, then ingest, %d records each", pair + 1, PAIRS, RECORDS);
                Round copy = cpu.measure(() -> kafka.measure(mix, first, RECORDS, COPY_IN, COPY_OUT, RECORDS, KAFKA_DEADLINE));
                Round ingest = cpu.measure(() -> kafka.measure(mix, first, RECORDS, Topics.SIGNALS_RAW,
                        Topics.SIGNALS_NORMALIZED, mix.signals(first, RECORDS), KAFKA_DEADLINE));
                pairs.add(new Round[]{copy, ingest});
                if (!ingest.run().complete()) {
                    // What ingest has not read yet would otherwise compete with the next measurements.
                    kafka.truncate(Topics.SIGNALS_RAW);
                }
            }
            assertThat(copier.failure()).as("plain copy failure").isNull();
        }

        long generated = mix.formats().stream().filter(RawPayloads.Format::generated).count();
        report.append(String.format(Locale.ROOT, "%nKafka path: %,d raw records per run, %d formats in turn (%d with "
                        + "unique generated payloads, the rest their listed example), %.1f KiB average; %d pairs of runs, "
                        + "each the plain copy then ingest%n",
                RECORDS, mix.formats().size(), generated, mix.averageBytes() / 1024.0, PAIRS));
        report.append(String.format(Locale.ROOT, "  %-48s %10s %10s %8s %12s %12s%n", "path", "records/s", "out/s",
                "seconds", "ingest µs/rec", "test JVM µs/rec"));
        List<Double> ratios = new ArrayList<>();
        for (int pair = 0; pair < pairs.size(); pair++) {
            Round copy = pairs.get(pair)[0];
            Round ingest = pairs.get(pair)[1];
            double ratio = 100 * ingest.run().recordsPerSecond() / copy.run().recordsPerSecond();
            ratios.add(ratio);
            row(report, "plain copy (consumer -> producer, acks=all) #" + (pair + 1), copy);
            row(report, "ingest signals.raw -> signals.normalized #" + (pair + 1), ingest);
            report.append(String.format(Locale.ROOT, "  %-48s %9.1f %%%n", "ingest / plain copy #" + (pair + 1), ratio));
        }
        report.append(String.format(Locale.ROOT, "  %-48s %9.1f %%   (target >= 50 %%; the pairs: %s)%n",
                "ingest / plain copy, median of the pairs", median(ratios),
                ratios.stream().map(r -> String.format(Locale.ROOT, "%.1f %%", r)).toList()));
        report.append("  CPU µs/rec is CPU time (user+system) per raw record: the ingest process's, and this JVM's (broker,\n"
                + "  load generator, reader, and the plain copy itself on its row); contention does not distort it.\n"
                + "  The paths alternate so that both see the same drift in the machine's speed; the ratio of one pair\n"
                + "  compares runs seconds apart.\n");
        warmUpRows(report, "plain copy", false, copyWarmup);
        warmUpRows(report, "ingest", true, ingestWarmup);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /**
     * Rounds of {@link #WARMUP_RECORDS} records through one path until the JIT of the process doing its work (the
     * ingest process for ingest, this JVM for the plain copy, which runs it) has settled: its compiler threads used
     * less than {@link JitCompiler#SETTLED_SHARE} of that process's CPU in {@link JitCompiler#SETTLED_ROUNDS} rounds in
     * a row (read from {@code /proc}), after at least {@link #WARMUP_MIN_ROUNDS} rounds and at most {@link #WARMUP_MAX}. A service
     * with a parser per format keeps compiling for tens of seconds, and the target is sustained throughput; both paths
     * follow the same rule. Without {@code /proc} (not Linux), the minimum number of rounds is the warm-up.
     */
    private List<Round> warmUp(String path, Cpu cpu, boolean ingestPath, RoundRunner round) {
        List<Round> rounds = new ArrayList<>();
        long deadline = System.nanoTime() + WARMUP_MAX.toNanos();
        int settled = 0;
        long first = 1;
        while (WARMUP_RECORDS > 0 && System.nanoTime() < deadline) {
            long start = first;
            Round done = cpu.measure(() -> round.run(start, WARMUP_RECORDS));
            first += WARMUP_RECORDS;
            rounds.add(done);
            double compilerShare = ingestPath ? done.ingestCompilerShare() : done.testJvmCompilerShare();
            log("warm-up %s round %d: %,.0f records/s, %.1f µs CPU/record, JIT compiler threads %.0f %% of its CPU",
                    path, rounds.size(), done.run().recordsPerSecond(),
                    ingestPath ? done.ingestMicros() : done.testJvmMicros(), 100 * compilerShare);
            settled = compilerShare < JitCompiler.SETTLED_SHARE ? settled + 1 : 0;
            if (rounds.size() >= WARMUP_MIN_ROUNDS && settled >= JitCompiler.SETTLED_ROUNDS) {
                break;
            }
        }
        return rounds;
    }

    private static void warmUpRows(StringBuilder report, String path, boolean ingestPath, List<Round> rounds) {
        report.append(String.format(Locale.ROOT, "  warm-up %s: %d rounds of %,d records; per round records/s, "
                + "%s CPU µs/rec and its JIT compiler share:%n   ", path, rounds.size(), WARMUP_RECORDS,
                ingestPath ? "ingest" : "test JVM"));
        for (Round round : rounds) {
            report.append(String.format(Locale.ROOT, " %,.0f/%.0f/%.0f%%", round.run().recordsPerSecond(),
                    ingestPath ? round.ingestMicros() : round.testJvmMicros(),
                    100 * (ingestPath ? round.ingestCompilerShare() : round.testJvmCompilerShare())));
        }
        report.append('\n');
    }

    private static void row(StringBuilder report, String label, Round round) {
        KafkaPaths.Run run = round.run();
        report.append(String.format(Locale.ROOT, "  %-48s %,10.0f %,10.0f %8.1f %12.1f %12.1f%s%n", label,
                run.recordsPerSecond(), run.outPerSecond(), run.elapsed().toMillis() / 1000.0, round.ingestMicros(),
                round.testJvmMicros(), run.complete() ? ""
                        : String.format(Locale.ROOT, "  (deadline: %,d of %,d out)", run.out(), run.expectedOut())));
    }

    /** One path's run over {@code n} records from {@code first}. */
    @FunctionalInterface
    private interface RoundRunner {
        KafkaPaths.Run run(long first, long n);
    }

    /** A run with the CPU per raw record it cost the ingest process and this JVM, and their JIT compilers' share. */
    private record Round(KafkaPaths.Run run, double ingestMicros, double testJvmMicros, double ingestCompilerShare,
                         double testJvmCompilerShare) {
    }

    /** CPU time used so far by the ingest process and by this JVM: what a record costs, whatever the contention. */
    private record Cpu(Process ingest) {

        Round measure(java.util.function.Supplier<KafkaPaths.Run> body) {
            Duration ingestBefore = ingestCpu();
            long testJvmBefore = testJvmCpuNanos();
            JitCompiler.Ticks ingestTicks = JitCompiler.ticks(ingest.pid());
            JitCompiler.Ticks testJvmTicks = JitCompiler.ticks(ProcessHandle.current().pid());
            KafkaPaths.Run run = body.get();
            double records = Math.max(1, run.recordsIn());
            return new Round(run, ingestCpu().minus(ingestBefore).toNanos() / 1e3 / records,
                    (testJvmCpuNanos() - testJvmBefore) / 1e3 / records,
                    JitCompiler.ticks(ingest.pid()).shareSince(ingestTicks),
                    JitCompiler.ticks(ProcessHandle.current().pid()).shareSince(testJvmTicks));
        }

        private Duration ingestCpu() {
            return ingest.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
        }

        private static long testJvmCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
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
        String token = integrationKey(ingest, infra);
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
                    + "flight, %d s per target; Tandem authenticated by an integration key, as Prometheus sends it%n",
                    ALERTS_PER_BATCH, CONCURRENCY, HTTP_DURATION.toSeconds()));
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

    /**
     * A new integration key, as the README tells Prometheus users to configure ({@code authorization: {credentials:
     * tdm_…}}): that is how Prometheus sends its alerts to Tandem, so that is what is measured (an ingest JWT would add
     * a signature check per request). Issuing it returns once this instance accepts it.
     */
    private String integrationKey(URI ingest, TestInfra infra) throws IOException {
        HttpResponse<String> issued = post(ingest.resolve("/api/v1/integration-keys"), infra.token("admin", "bench"),
                "application/json", "{\"source\":\"prometheus-bench\",\"description\":\"ingest benchmark\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(issued.statusCode()).as("issuing an integration key: %s", issued.body()).isEqualTo(201);
        return Json.mapper().readTree(issued.body()).path("key").asText();
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

    /** {@code key=value,key=value} as a map: the {@code bench.*.config} knobs that pass settings to a service. */
    /** JVM options given as one whitespace-separated property. */
    static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(word -> !word.isEmpty()).toList();
    }

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
