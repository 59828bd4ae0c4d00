package io.tandem.ingest.config;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tandem.model.Topics;
import io.tandem.model.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ingest's configuration on the compacted {@code ingest.config} topic, mirrored in memory by every instance: each
 * {@link Section} owns the records whose key starts with its prefix ({@code integration-key:…}, {@code format:…}) and
 * is told of every record and tombstone. This replaces a database: a write on one instance reaches all of them, and
 * survives restarts because the topic is read from the beginning at start. A write completes only when this
 * instance's follower has applied it (read your writes), so an answer to an admin is never ahead of the local view.
 */
@ApplicationScoped
public class ConfigTopic {

    /** One kind of record on {@code ingest.config}, keyed {@code <prefix>:<id>}, with its JSON type. */
    public interface Section<T> {

        /** The key prefix, without the colon; unique per section. */
        String prefix();

        Class<T> type();

        /** A record of this section was read; {@code value} is null for a tombstone. Called on the follower thread. */
        void applied(String id, T value);
    }

    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(15);
    private static final Logger LOG = Logger.getLogger(ConfigTopic.class);

    private final String bootstrapServers;
    private final Instance<Section<?>> sectionBeans;
    private final Map<String, Section<?>> sections = new HashMap<>();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    /** Guards {@link #positions} and {@link #pending}: a write's acknowledgement and the follower race each other. */
    private final Object lock = new Object();
    private final Map<Integer, Long> positions = new HashMap<>();
    private final Map<Integer, NavigableMap<Long, List<CompletableFuture<Void>>>> pending = new HashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile KafkaProducer<String, byte[]> producer;

    public ConfigTopic(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                       @Any Instance<Section<?>> sectionBeans) {
        this.bootstrapServers = bootstrapServers;
        this.sectionBeans = sectionBeans;
    }

    void start(@Observes StartupEvent event) {
        for (Section<?> section : sectionBeans) {
            if (sections.put(section.prefix(), section) != null) {
                throw new IllegalStateException("two sections of ingest.config claim prefix " + section.prefix());
            }
        }
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        Thread follower = new Thread(this::follow, "ingest-config-follower");
        follower.setDaemon(true);
        follower.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.wakeup();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Whether this instance has read the whole topic once; until then its view may miss older records. */
    public boolean ready() {
        return caughtUp.isDone() && !caughtUp.isCompletedExceptionally();
    }

    /** Writes {@code value} under {@code <prefix>:<id>}; completes once this instance has applied it. */
    public <T> Uni<Void> put(Section<T> section, String id, T value) {
        return write(section.prefix() + ":" + id, Json.write(value));
    }

    /** Writes a tombstone for {@code <prefix>:<id>}; completes once this instance has applied it. */
    public Uni<Void> delete(Section<?> section, String id) {
        return write(section.prefix() + ":" + id, null);
    }

    private Uni<Void> write(String key, byte[] value) {
        CompletableFuture<Void> applied = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(Topics.INGEST_CONFIG, key, value), (metadata, error) -> {
            if (error != null) {
                applied.completeExceptionally(error);
            } else {
                awaitApplied(metadata.partition(), metadata.offset(), applied);
            }
        });
        return Uni.createFrom().completionStage(applied.orTimeout(WRITE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void awaitApplied(int partition, long offset, CompletableFuture<Void> applied) {
        synchronized (lock) {
            if (positions.getOrDefault(partition, -1L) > offset) {
                applied.complete(null);
                return;
            }
            pending.computeIfAbsent(partition, p -> new TreeMap<>()).computeIfAbsent(offset, o -> new ArrayList<>())
                    .add(applied);
        }
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INGEST_CONFIG, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(Topics.INGEST_CONFIG, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
                advance(partitions);
                if (!caughtUp.isDone() && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    LOG.debug("ingest.config loaded");
                    caughtUp.complete(null);
                }
            }
        } catch (WakeupException e) {
            LOG.debug("ingest.config follower stopped");
        } catch (RuntimeException e) {
            LOG.error("ingest.config follower failed; configuration written from now on is not seen by this instance", e);
            caughtUp.completeExceptionally(e);
        } finally {
            consumer.close();
        }
    }

    /** Everything before each partition's position has been applied: release the writes waiting for it. */
    private void advance(List<TopicPartition> partitions) {
        List<CompletableFuture<Void>> released = new ArrayList<>();
        synchronized (lock) {
            for (TopicPartition partition : partitions) {
                long position = consumer.position(partition);
                positions.put(partition.partition(), position);
                NavigableMap<Long, List<CompletableFuture<Void>>> waiting = pending.get(partition.partition());
                if (waiting != null) {
                    NavigableMap<Long, List<CompletableFuture<Void>>> done = waiting.headMap(position, false);
                    done.values().forEach(released::addAll);
                    done.clear();
                }
            }
        }
        released.forEach(future -> future.complete(null));
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        int colon = key == null ? -1 : key.indexOf(':');
        Section<?> section = colon < 0 ? null : sections.get(key.substring(0, colon));
        if (section == null) {
            return;
        }
        try {
            deliver(section, key.substring(colon + 1), record.value());
        } catch (RuntimeException e) {
            // One unreadable record (written by another version, or by hand) must not stop the follower for the rest.
            LOG.warnf(e, "skipping ingest.config record %s at %d/%d", key, record.partition(), record.offset());
        }
    }

    private static <T> void deliver(Section<T> section, String id, byte[] value) {
        section.applied(id, value == null ? null : Json.read(value, section.type()));
    }
}
