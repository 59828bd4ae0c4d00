package io.tandem.kpi.rebuild;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tandem.kpi.projection.Projection;
import io.tandem.kpi.projection.Projector;
import io.tandem.service.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Rebuilds the KPI facts from the topics: wipes every fact and the processed-event log, then replays each projected
 * topic from its beginning up to the end it had right after the wipe, through the same {@link Projector} as the live
 * consumers. Those keep running: an event they apply meanwhile is either replayed too (a duplicate, skipped) or
 * newer than the replay's end, and an event applied just before the wipe lies below that end, so nothing is lost.
 * The meters are not fed again (they counted these events when they happened).
 */
@ApplicationScoped
public class RebuildService {

    private static final Logger LOG = Logger.getLogger(RebuildService.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration BATCH_DEADLINE = Duration.ofMinutes(5);
    /** Records applied at once; below the reactive pool's 20 connections so the live consumers still get some. */
    private static final int CONCURRENCY = 8;

    /** Replayed records per topic, and how long the rebuild took. */
    public record Result(Map<String, Long> replayed, long tookMillis) {
    }

    private final Pool pool;
    private final Projector projector;
    private final List<Projection<?>> projections;
    private final String bootstrapServers;
    private final AtomicBoolean running = new AtomicBoolean();

    public RebuildService(Pool pool, Projector projector, Instance<Projection<?>> projections,
                          @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.pool = pool;
        this.projector = projector;
        this.projections = projections.stream().toList();
        this.bootstrapServers = bootstrapServers;
    }

    /** Runs one rebuild on a worker thread; a second one while the first runs is a 409. */
    @WithSpan
    public Uni<Result> rebuild() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().failure(ProblemException.conflict("rebuilding", "a rebuild is already running"));
        }
        long started = System.nanoTime();
        return wipe()
                .chain(() -> Uni.createFrom().item(this::replay).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .map(replayed -> new Result(replayed, Duration.ofNanos(System.nanoTime() - started).toMillis()))
                .invoke(result -> LOG.infof("KPI facts rebuilt: %s", result))
                .eventually(() -> running.set(false));
    }

    private Uni<Void> wipe() {
        return pool.query("TRUNCATE signal_fact, decision_fact, alert_group_fact, incident_fact, change_fact,"
                + " asset_version, asset_finding, processed_event").execute().replaceWithVoid();
    }

    private Map<String, Long> replay() {
        Map<String, Projection<?>> byTopic = new HashMap<>();
        projections.forEach(p -> byTopic.put(p.topic(), p));
        Map<String, Long> replayed = new TreeMap<>();
        byTopic.keySet().forEach(topic -> replayed.put(topic, 0L));
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : byTopic.keySet()) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            while (!end.isEmpty()) {
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    Long last = end.get(new TopicPartition(record.topic(), record.partition()));
                    if (last != null && record.offset() < last) {
                        batch.add(record);
                        replayed.merge(record.topic(), 1L, Long::sum);
                    }
                }
                apply(batch, byTopic);
                // Transaction markers and aborted records occupy offsets too: done is the position, not the last record.
                end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        return replayed;
    }

    /**
     * Applies a poll's records {@link #CONCURRENCY} at a time. Order does not matter: every projection keeps the newest
     * state or merges one way (earliest time, failed over succeeded), and inserts are keyed by the event's own id.
     */
    private void apply(List<ConsumerRecord<String, byte[]>> batch, Map<String, Projection<?>> byTopic) {
        if (batch.isEmpty()) {
            return;
        }
        Multi.createFrom().iterable(batch)
                .onItem().transformToUni(record -> projector.apply(byTopic.get(record.topic()), record.headers(),
                                record.value(), false)
                        .onFailure().recoverWithItem(e -> {
                            // The live consumer dead-lettered this record when it first came; the rebuild skips it too.
                            LOG.debugf("skipped %s-%d@%d during rebuild: %s", record.topic(), record.partition(),
                                    record.offset(), e.getMessage());
                            return null;
                        }))
                .merge(CONCURRENCY)
                .collect().last()
                .await().atMost(BATCH_DEADLINE);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
