package io.tandem.triage.stream;

import io.tandem.model.json.Json;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TestInfra;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exactly-once across a crash: triage runs in a child JVM, is killed with SIGKILL (no clean close) after its first
 * committed decisions, and restarts on the same state directory; or two instances share the partitions and the
 * survivor takes over the killed one's. Read with {@code read_committed}, every signal has exactly one decision: none
 * missing, none doubled.
 */
class TriageCrashTest {

    private static final int SIGNALS = 5_000;

    @Test
    void shouldDecideEverySignalExactlyOnceAcrossAKill9(@TempDir Path state) throws Exception {
        TestInfra infra = TestInfra.get();
        String prefix = "crash-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        StreamTopics topics = StreamTopics.CONTRACT.prefixed(prefix);
        infra.createTopics(topics.all());
        Set<String> sent = produce(infra.bootstrapServers(), topics.signals());
        String appId = "tandem-triage-" + prefix;

        Process first = start(infra.bootstrapServers(), appId, state, prefix);
        try (Committed decisions = new Committed(infra.bootstrapServers(), topics.decisions())) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> decisions.poll() > 0);
            first.destroyForcibly();
            assertThat(first.waitFor()).as("killed by SIGKILL").isEqualTo(137);
            int beforeRestart = decisions.poll();
            assertThat(beforeRestart).as("killed mid-stream").isLessThan(SIGNALS);

            Process second = start(infra.bootstrapServers(), appId, state, prefix);
            try {
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                        .until(() -> decisions.poll() >= SIGNALS);
                decisions.drainToEnd();
            } finally {
                second.destroyForcibly();
                second.waitFor();
            }
            Map<String, Long> perSignal = decisions.records.stream()
                    .collect(Collectors.groupingBy(r -> KafkaTestClient.header(r, "ce_id"), Collectors.counting()));
            assertThat(perSignal.keySet()).as("none missing, none extra").isEqualTo(sent);
            assertThat(perSignal.values()).as("none doubled").containsOnly(1L);
            assertThat(decisions.records).hasSize(SIGNALS);
        }
    }

    @Test
    void shouldShareThePartitionsWithASecondInstanceAndTakeOverWhenItIsKilled(@TempDir Path state) throws Exception {
        TestInfra infra = TestInfra.get();
        String prefix = "scale-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        StreamTopics topics = StreamTopics.CONTRACT.prefixed(prefix);
        infra.createTopics(topics.all());
        String appId = "tandem-triage-" + prefix;
        Process first = start(infra.bootstrapServers(), appId, Files.createDirectories(state.resolve("a")), prefix);
        Process second = start(infra.bootstrapServers(), appId, Files.createDirectories(state.resolve("b")), prefix);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.bootstrapServers()));
             Committed decisions = new Committed(infra.bootstrapServers(), topics.decisions())) {
            // The group exists only once the instances have joined; until then describing it fails.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                Collection<MemberDescription> members = admin.describeConsumerGroups(List.of(appId)).all().get()
                        .get(appId).members();
                return members.size() == 2 && members.stream().allMatch(m -> m.assignment().topicPartitions().stream()
                        .anyMatch(tp -> tp.topic().equals(topics.signals())));
            });

            Set<String> sent = produce(infra.bootstrapServers(), topics.signals());
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> decisions.poll() > 0);
            first.destroyForcibly();
            assertThat(first.waitFor()).isEqualTo(137);
            assertThat(decisions.poll()).as("killed mid-stream").isLessThan(SIGNALS);

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .until(() -> decisions.poll() >= SIGNALS);
            decisions.drainToEnd();
            Map<String, Long> perSignal = decisions.records.stream()
                    .collect(Collectors.groupingBy(r -> KafkaTestClient.header(r, "ce_id"), Collectors.counting()));
            assertThat(perSignal.keySet()).as("the survivor decided what the killed one left").isEqualTo(sent);
            assertThat(perSignal.values()).as("none doubled").containsOnly(1L);
        } finally {
            first.destroyForcibly();
            second.destroyForcibly();
            first.waitFor();
            second.waitFor();
        }
    }

    /** 500 assets, each with a few alerts that fire again and again and sometimes resolve: mostly duplicates. */
    private static Set<String> produce(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        Set<String> ids = new HashSet<>();
        Instant t0 = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < SIGNALS; i++) {
                String host = "crash-host-" + (i % 500);
                String fingerprint = host + "/alert-" + (i % 7);
                SignalStatus status = i % 11 == 0 ? SignalStatus.RESOLVED : SignalStatus.FIRING;
                Signal signal = StreamFixture.signal(fingerprint, host, SignalKind.OPERATIONAL, status, Severity.MEDIUM,
                        t0.plusMillis(i));
                ids.add(signal.id().toString());
                producer.send(new ProducerRecord<>(topic, host, Json.write(signal)));
            }
            producer.flush();
        }
        return ids;
    }

    private static Process start(String bootstrap, String appId, Path state, String prefix) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                TriageChild.class.getName(), bootstrap, appId, state.toString(), prefix)
                .redirectErrorStream(true)
                .redirectOutput(state.resolve("child-" + System.nanoTime() + ".log").toFile())
                .start();
    }

    /** Everything committed on a topic so far, read with read_committed from the beginning. */
    private static final class Committed implements AutoCloseable {

        final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<TopicPartition> partitions;

        Committed(String bootstrap, String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        int poll() {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return records.size();
        }

        /** Reads up to the last stable offset of every partition, so nothing committed is left unread. */
        void drainToEnd() {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Function<TopicPartition, Boolean> done = p -> consumer.position(p) >= end.get(p);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                poll();
                return partitions.stream().allMatch(done::apply);
            });
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
