package io.tandem.system.bench;

import io.tandem.model.Topics;
import io.tandem.model.json.Json;
import io.tandem.model.signal.AssetRef;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalSource;
import io.tandem.model.signal.SignalStatus;
import io.tandem.system.RunningPlatform;
import io.tandem.testkit.TestInfra;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.IOException;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Triage throughput and latency through the packaged triage service (exactly-once, RocksDB, JVM options as
 * {@code ./platform up}) on one broker: 10,000 distinct assets, 90 % duplicate signals, 50 silences and 20 inhibit
 * rules created over REST first, some of which match.
 *
 * <ol>
 *   <li><b>Warm-up</b>, not measured: rounds of {@code bench.triage.warmup.signals} (100000) signals until the JIT
 *   compiler of the triage service has settled (see {@link JitCompiler}), after at least {@code bench.triage.warmup.min.rounds} (3) rounds and for at most {@code bench.triage.warmup.max.seconds}
 *   (300). The target is sustained throughput; measured while they still compile, a run measures the JIT.</li>
 *   <li><b>Throughput</b>: {@code bench.triage.signals} (200000) signals produced as fast as the producer can, timed
 *   from the first send until the last decision is read with {@code read_committed} and the service has projected it
 *   into PostgreSQL.</li>
 *   <li><b>Latency</b>: {@code bench.triage.rate} (2000) signals/s for {@code bench.triage.seconds} (30) s; each
 *   signal's time from its send to its committed decision reaching a consumer, p50/p99 (HdrHistogram).</li>
 * </ol>
 * {@code bench.triage.config} ({@code key=value,...}) passes configuration properties to the service, to measure a
 * tuning before proposing it; {@code bench.triage.jvm} adds JVM options (whitespace-separated), e.g. a flight recording. Run it with <pre>{@value #COMMAND}</pre>; the table is printed and written to
 * {@code system-tests/target/triage-benchmark-result.txt}.
 */
class TriageBenchmark {

    static final String COMMAND = "mvn -B -ntp verify -pl system-tests -am -Pbenchmark -Dbench.test=TriageBenchmark -DskipTests";

    private static final int SIGNALS = Integer.getInteger("bench.triage.signals", 200_000);
    private static final int WARMUP_ROUND = Integer.getInteger("bench.triage.warmup.signals", 100_000);
    private static final int WARMUP_MIN_ROUNDS = Integer.getInteger("bench.triage.warmup.min.rounds", 3);
    private static final Duration WARMUP_MAX = Duration.ofSeconds(Long.getLong("bench.triage.warmup.max.seconds", 300));
    private static final int RATE = Integer.getInteger("bench.triage.rate", 2_000);
    private static final int SECONDS = Integer.getInteger("bench.triage.seconds", 30);
    private static final int ASSETS = 10_000;
    private static final int SILENCES = 50;
    private static final int INHIBIT_RULES = 20;
    private static final double DUPLICATES = 0.9;
    /** The triage service's consumer group that projects decisions into PostgreSQL for the "why" API. */
    private static final String PROJECTION_GROUP = "tandem-triage-projection";
    private static final Map<String, String> TRIAGE_CONFIG = IngestBenchmark.keyValues(System.getProperty("bench.triage.config", ""));
    private static final List<String> TRIAGE_JVM = IngestBenchmark.words(System.getProperty("bench.triage.jvm", ""));

    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final Random random = new Random(42);
    private final List<String[]> fingerprints = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void measureTriageThroughputAndLatency() throws Exception {
        TestInfra infra = TestInfra.get();
        StringBuilder report = new StringBuilder();
        List<String> jvmOptions = new ArrayList<>(RunningPlatform.PLATFORM_JVM_OPTIONS);
        jvmOptions.addAll(TRIAGE_JVM);
        TRIAGE_CONFIG.forEach((key, value) -> jvmOptions.add("-D" + key + "=" + value));
        if (!TRIAGE_CONFIG.isEmpty() || !TRIAGE_JVM.isEmpty()) {
            report.append("\ntriage overrides: ").append(TRIAGE_JVM).append(' ').append(TRIAGE_CONFIG).append('\n');
        }
        try (RunningPlatform platform = RunningPlatform.start(List.of("triage"), jvmOptions);
             KafkaProducer<String, byte[]> producer = producer(infra.bootstrapServers());
             Decisions decisions = new Decisions(infra.bootstrapServers())) {
            createRules(platform.uri("triage"), infra.token("admin", "bench"));
            awaitRulesApplied(producer, decisions);
            Process triage = platform.services().get("triage").process();
            List<String> warmUp = warmUp(producer, decisions, infra, triage);

            List<Signal> load = signals(SIGNALS);
            List<byte[]> payloads = load.stream().map(Json::write).toList();
            decisions.reset();
            Duration triageCpu = cpu(triage);
            long harnessCpu = harnessCpuNanos();
            Duration postgresCpu = postgresCpu();
            long start = System.nanoTime();
            for (int i = 0; i < load.size(); i++) {
                producer.send(new ProducerRecord<>(Topics.SIGNALS_NORMALIZED, load.get(i).asset().key(), payloads.get(i)));
            }
            producer.flush();
            long produced = System.nanoTime();
            decisions.awaitCount(load.size(), Duration.ofMinutes(15));
            long decided = System.nanoTime();
            decisions.awaitProjected(infra, Duration.ofMinutes(15));
            double seconds = (System.nanoTime() - start) / 1e9;
            report.append(String.format(Locale.ROOT, "%nTriage throughput: %,d signals (%d assets, %.0f %% duplicates, %d silences, "
                            + "%d inhibit rules), produced in %.1f s%n"
                            + "  %,.0f signals/s (%.1f s from first send until the last decision is committed (%.1f s) "
                            + "and projected into PostgreSQL)%n",
                    load.size(), ASSETS, DUPLICATES * 100, SILENCES, INHIBIT_RULES, (produced - start) / 1e9,
                    load.size() / seconds, seconds, (decided - start) / 1e9));
            report.append(String.format(Locale.ROOT, "  CPU per signal: triage %.1f µs; PostgreSQL %.1f µs; test JVM (broker, load generator, "
                            + "decision reader) %.1f µs%n", cpu(triage).minus(triageCpu).toNanos() / 1e3 / load.size(),
                    postgresCpu().minus(postgresCpu).toNanos() / 1e3 / load.size(), (harnessCpuNanos() - harnessCpu) / 1e3 / load.size()));
            report.append("  outcomes: ").append(decisions.outcomes).append('\n');
            report.append(String.format(Locale.ROOT, "  after a warm-up of %d rounds of %,d signals; per round signals/s, "
                    + "and the share of the triage service's and this JVM's CPU their JIT compilers used:%n   ",
                    warmUp.size(), WARMUP_ROUND)).append(String.join(" ", warmUp)).append('\n');

            Histogram latency = paced(producer, decisions);
            report.append(String.format(Locale.ROOT, "%nTriage latency at %,d signals/s for %d s (%,d signals), send -> committed decision read:%n"
                            + "  p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", RATE, SECONDS, latency.getTotalCount(),
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                    latency.getMaxValue() / 1000.0));
        }
        report.append("\nreproduce: ").append(COMMAND).append('\n');
        System.out.println(report);
        Path result = Path.of("target", "triage-benchmark-result.txt");
        Files.createDirectories(result.getParent());
        Files.writeString(result, report);
    }

    /**
     * Rounds of {@link #WARMUP_ROUND} signals, each until its decisions are committed and projected, until the
     * service's JIT compiler used less than {@link JitCompiler#SETTLED_SHARE} of its CPU in
     * {@link JitCompiler#SETTLED_ROUNDS} rounds in a row; one line per round for the report, with this JVM's (the
     * broker's and the load generator's) compiler share next to it. That one is not waited for: the load generator
     * compiles in bursts between rounds and stays above 10 % for minutes, as the first runs of this rule showed.
     */
    private List<String> warmUp(KafkaProducer<String, byte[]> producer, Decisions decisions, TestInfra infra,
                                Process triage) {
        List<String> rounds = new ArrayList<>();
        long deadline = System.nanoTime() + WARMUP_MAX.toNanos();
        int settled = 0;
        while (System.nanoTime() < deadline) {
            List<Signal> round = signals(WARMUP_ROUND);
            decisions.reset();
            JitCompiler.Ticks triageBefore = JitCompiler.ticks(triage.pid());
            JitCompiler.Ticks oursBefore = JitCompiler.ticks(ProcessHandle.current().pid());
            long start = System.nanoTime();
            sendAll(producer, round);
            decisions.awaitCount(round.size(), Duration.ofMinutes(5));
            decisions.awaitProjected(infra, Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - start) / 1e9;
            double triageShare = JitCompiler.ticks(triage.pid()).shareSince(triageBefore);
            double ourShare = JitCompiler.ticks(ProcessHandle.current().pid()).shareSince(oursBefore);
            rounds.add(String.format(Locale.ROOT, "%,.0f/%.0f%%/%.0f%%", round.size() / seconds, 100 * triageShare,
                    100 * ourShare));
            settled = triageShare < JitCompiler.SETTLED_SHARE ? settled + 1 : 0;
            if (rounds.size() >= WARMUP_MIN_ROUNDS && settled >= JitCompiler.SETTLED_ROUNDS) {
                break;
            }
        }
        return rounds;
    }

    /** CPU time a process has used so far: on a shared machine it shows what a signal costs, whatever the contention. */
    private static Duration cpu(Process process) {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** PostgreSQL runs as processes of its own, the server and one per connection; the benchmark machine has only ours. */
    private static Duration postgresCpu() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    private static long harnessCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Sends {@link #RATE} signals a second in 10 ms ticks and records each one's latency to its decision. */
    private Histogram paced(KafkaProducer<String, byte[]> producer, Decisions decisions) {
        List<Signal> load = signals(RATE * SECONDS);
        List<byte[]> payloads = load.stream().map(Json::write).toList();
        decisions.reset();
        int perTick = Math.max(1, RATE / 100);
        long tick = 10_000_000L;
        long next = System.nanoTime();
        for (int i = 0; i < load.size(); i++) {
            if (i % perTick == 0) {
                LockSupport.parkNanos(next - System.nanoTime());
                next += tick;
            }
            decisions.sentAt.put(load.get(i).id().toString(), System.nanoTime());
            producer.send(new ProducerRecord<>(Topics.SIGNALS_NORMALIZED, load.get(i).asset().key(), payloads.get(i)));
        }
        producer.flush();
        decisions.awaitCount(load.size(), Duration.ofMinutes(5));
        return decisions.latency;
    }

    /** 50 silences and 20 inhibit rules; a slice of the load matches each kind. */
    private void createRules(URI triage, String token) throws IOException, InterruptedException {
        String until = Instant.now().plus(Duration.ofDays(1)).toString();
        for (int i = 0; i < SILENCES; i++) {
            post(triage.resolve("/api/v1/silences"), token, "{\"matchers\":[\"alertname=\\\"Bench" + i + "\\\"\","
                    + "\"instance=~\\\"" + run + "-h1.*\\\"\"],\"endsAt\":\"" + until + "\",\"comment\":\"bench\"}");
        }
        for (int i = 0; i < INHIBIT_RULES; i++) {
            post(triage.resolve("/api/v1/inhibit-rules"), token, "{\"name\":\"bench " + i + "\",\"sourceMatchers\":"
                    + "[\"alertname=\\\"Source" + i + "\\\"\"],\"targetMatchers\":[\"alertname=\\\"Bench" + (i + 50)
                    + "\\\"\"],\"equal\":[\"instance\"]}");
        }
    }

    /** Waits until a signal the first silence matches is silenced: the rules have reached the stream. */
    private void awaitRulesApplied(KafkaProducer<String, byte[]> producer, Decisions decisions) {
        Awaitility.await("rules applied").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String host = run + "-h1probe" + random.nextInt(1_000_000);
            Signal probe = signal(host + "/probe", host, "Bench0", SignalStatus.FIRING);
            producer.send(new ProducerRecord<>(Topics.SIGNALS_NORMALIZED, host, Json.write(probe))).get();
            return decisions.awaitOutcome(probe.id().toString(), Duration.ofSeconds(10)).equals("silenced");
        });
    }

    /** {@code count} signals over {@link #ASSETS} assets: 10 % new alerts, 90 % repeats of earlier ones. */
    private List<Signal> signals(int count) {
        List<Signal> signals = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String[] alert;
            if (fingerprints.isEmpty() || random.nextDouble() >= DUPLICATES) {
                String host = run + "-h" + random.nextInt(ASSETS);
                int n = fingerprints.size();
                String name = n % 100 == 0 ? "Source" + (n / 100 % INHIBIT_RULES) : "Bench" + (n % 100);
                alert = new String[]{host + "/" + n, host, name};
                fingerprints.add(alert);
            } else {
                alert = fingerprints.get(random.nextInt(fingerprints.size()));
            }
            signals.add(signal(alert[0], alert[1], alert[2], random.nextInt(20) == 0 ? SignalStatus.RESOLVED : SignalStatus.FIRING));
        }
        return signals;
    }

    private static Signal signal(String fingerprint, String host, String alertname, SignalStatus status) {
        Instant now = Instant.now();
        return new Signal(UUID.randomUUID(), new SignalSource("alertmanager", "bench"), null, fingerprint,
                SignalKind.OPERATIONAL, null, alertname + " on " + host, null, Severity.MEDIUM, status, now, now,
                new AssetRef(host, null, null, null, "prod"), Map.of("alertname", alertname, "instance", host),
                List.of(), List.of(), null, null, null);
    }

    private void post(URI uri, String token, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static void sendAll(KafkaProducer<String, byte[]> producer, List<Signal> signals) {
        signals.forEach(s -> producer.send(new ProducerRecord<>(Topics.SIGNALS_NORMALIZED, s.asset().key(), Json.write(s))));
        producer.flush();
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Reads committed decisions on a thread of its own, counting them and timing the ones the paced phase sent. */
    private static final class Decisions implements AutoCloseable {

        final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        final Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        final Map<String, String> byId = new ConcurrentHashMap<>();
        final Map<Integer, Long> lastOffsets = new ConcurrentHashMap<>();
        volatile Histogram latency = new Histogram(60_000_000L, 3);
        private volatile long count;
        private volatile boolean running = true;
        private final Thread reader;

        Decisions(String bootstrap) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TRIAGE_DECISIONS, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(Topics.TRIAGE_DECISIONS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            reader = new Thread(() -> {
                try (consumer) {
                    while (running) {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                            accept(record);
                        }
                    }
                }
            }, "bench-decisions");
            reader.start();
        }

        private void accept(ConsumerRecord<String, byte[]> record) {
            long now = System.nanoTime();
            Header id = record.headers().lastHeader("ce_id");
            String signalId = id == null ? "" : new String(id.value(), StandardCharsets.UTF_8);
            Long sent = sentAt.remove(signalId);
            if (sent != null) {
                latency.recordValue(Math.min((now - sent) / 1000, latency.getHighestTrackableValue()));
            }
            String text = new String(record.value(), StandardCharsets.UTF_8);
            int at = text.indexOf("\"outcome\":\"");
            String outcome = at < 0 ? "?" : text.substring(at + 11, text.indexOf('"', at + 11));
            outcomes.merge(outcome, 1, Integer::sum);
            byId.put(signalId, outcome);
            lastOffsets.merge(record.partition(), record.offset(), Math::max);
            count++;
        }

        void reset() {
            outcomes.clear();
            byId.clear();
            latency = new Histogram(60_000_000L, 3);
            count = 0;
        }

        void awaitCount(long expected, Duration deadline) {
            Awaitility.await("decisions").atMost(deadline).pollInterval(Duration.ofMillis(100)).until(() -> count >= expected);
        }

        /** Waits until the service's projection has committed every decision read so far: it keeps up too. */
        void awaitProjected(TestInfra infra, Duration deadline) {
            Map<Integer, Long> read = Map.copyOf(lastOffsets);
            Awaitility.await("decisions projected").atMost(deadline).pollInterval(Duration.ofMillis(100)).until(() -> {
                Map<TopicPartition, long[]> offsets = infra.kafka().committedAndEnd(PROJECTION_GROUP, Topics.TRIAGE_DECISIONS);
                return read.entrySet().stream().allMatch(e ->
                        offsets.get(new TopicPartition(Topics.TRIAGE_DECISIONS, e.getKey()))[0] > e.getValue());
            });
        }

        String awaitOutcome(String signalId, Duration deadline) {
            return Awaitility.await("decision for " + signalId).atMost(deadline).pollInterval(Duration.ofMillis(50))
                    .until(() -> byId.get(signalId), o -> o != null);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            reader.join(5_000);
        }
    }
}
