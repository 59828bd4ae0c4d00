package io.tandem.system.bench;

import io.tandem.model.Headers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The two Kafka paths the benchmark compares on one broker: raw records through a consumer-producer pair (the
 * ingest service, or {@link PlainCopy}), timed from the first record produced to the last one read downstream.
 */
final class KafkaPaths {

    /** Records in, records out, and the time between the first produce and the last record read. */
    record Run(long recordsIn, long expectedOut, long out, Duration elapsed, boolean complete) {

        double recordsPerSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            double fractionDone = expectedOut == 0 ? 0 : (double) out / expectedOut;
            return seconds <= 0 ? 0 : recordsIn * fractionDone / seconds;
        }

        double outPerSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds <= 0 ? 0 : out / seconds;
        }
    }

    private final String bootstrap;

    KafkaPaths(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /**
     * Produces records {@code first..first+n-1} of {@code mix} to {@code in} (with the {@code tandem-source} header)
     * and counts records on {@code out} from its current end until {@code expectedOut} arrived or {@code deadline}
     * passed.
     */
    Run measure(RawPayloads mix, long first, long n, String in, String out, long expectedOut, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        try (KafkaConsumer<byte[], byte[]> counter = consumer("bench-count-" + UUID.randomUUID(), false);
             KafkaProducer<byte[], byte[]> producer = producer()) {
            List<TopicPartition> partitions = counter.partitionsFor(out, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(out, p.partition())).toList();
            counter.assign(partitions);
            counter.seekToEnd(partitions);
            partitions.forEach(counter::position);

            AtomicReference<Exception> sendFailure = new AtomicReference<>();
            AtomicBoolean stop = new AtomicBoolean();
            long started = System.nanoTime();
            Thread sender = start("bench-produce", () -> {
                for (long i = first; i < first + n && !stop.get() && sendFailure.get() == null; i++) {
                    RawPayloads.Format format = mix.format(i);
                    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(in, null, format.payload().apply(i));
                    record.headers().add(Headers.SOURCE, format.id().getBytes(StandardCharsets.UTF_8));
                    producer.send(record, (metadata, e) -> {
                        if (e != null) {
                            sendFailure.compareAndSet(null, e);
                        }
                    });
                }
                producer.flush();
            });

            long seen = 0;
            long last = started;
            while (seen < expectedOut && System.nanoTime() < end) {
                ConsumerRecords<byte[], byte[]> records = counter.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    seen += records.count();
                    last = System.nanoTime();
                }
                if (sendFailure.get() != null) {
                    throw new IllegalStateException("producing to " + in + " failed", sendFailure.get());
                }
            }
            stop.set(true);
            join(sender, System.nanoTime() + Duration.ofSeconds(30).toNanos());
            return new Run(n, expectedOut, Math.min(seen, expectedOut), Duration.ofNanos(last - started),
                    seen >= expectedOut);
        }
    }

    /** Deletes what {@code topic} holds, so a consumer that fell behind skips its backlog instead of working on. */
    void truncate(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaConsumer<byte[], byte[]> consumer = consumer("bench-truncate-" + UUID.randomUUID(), false)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            consumer.endOffsets(partitions).forEach((tp, offset) -> delete.put(tp, RecordsToDelete.beforeOffset(offset)));
            admin.deleteRecords(delete).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot truncate " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The yardstick: a plain consumer that copies every record (bytes and headers) to another topic with
     * {@code acks=all} and commits each polled batch after the broker acknowledged it, as ingest does.
     */
    final class PlainCopy implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final KafkaProducer<byte[], byte[]> producer;
        private final Thread thread;
        private final AtomicLong copied = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        PlainCopy(String from, String to) {
            consumer = consumer("bench-plain-copy-" + UUID.randomUUID(), true);
            producer = producer();
            consumer.subscribe(List.of(from));
            thread = start("bench-plain-copy", () -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                        for (ConsumerRecord<byte[], byte[]> record : records) {
                            producer.send(new ProducerRecord<>(to, null, record.key(), record.value(), record.headers()));
                        }
                        if (!records.isEmpty()) {
                            producer.flush();
                            consumer.commitAsync();
                            copied.addAndGet(records.count());
                        }
                    }
                } catch (WakeupException e) {
                    // close() woke the poll: the copy is over.
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
        }

        long copied() {
            return copied.get();
        }

        Exception failure() {
            return failure.get();
        }

        @Override
        public void close() {
            consumer.wakeup();
            join(thread, System.nanoTime() + Duration.ofSeconds(30).toNanos());
            consumer.close(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group, boolean earliest) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, earliest ? "earliest" : "latest");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * One producer setting for the load and the copy: {@code acks=all}, idempotent, 5 ms linger as ingest's, and
     * Kafka's defaults otherwise (raw records are small and go uncompressed; ingest compresses its larger signals).
     */
    private KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread, long deadlineNanos) {
        try {
            thread.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
