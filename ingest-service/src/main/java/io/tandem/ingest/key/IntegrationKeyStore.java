package io.tandem.ingest.key;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tandem.model.Topics;
import io.tandem.model.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Integration keys, kept on the compacted {@code ingest.config} topic and mirrored in memory by every ingest instance,
 * so a key issued or revoked on one instance is honoured by all of them without a database. A write completes only
 * when it is back in this instance's view (read your writes).
 */
@ApplicationScoped
public class IntegrationKeyStore {

    /** {@code tdm_<id>_<secret>}: the id finds the record, the secret proves possession. */
    static final Pattern KEY = Pattern.compile("tdm_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");
    private static final String RECORD_PREFIX = "integration-key:";
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(15);
    private static final Logger LOG = Logger.getLogger(IntegrationKeyStore.class);

    private final String bootstrapServers;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, IntegrationKey> keys = new ConcurrentHashMap<>();
    private final Map<UUID, CompletableFuture<IntegrationKey>> pendingWrites = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile KafkaProducer<String, byte[]> producer;
    private Thread follower;

    public IntegrationKeyStore(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A newly issued key: the secret is in {@code key}, shown once and never stored. */
    public record Issued(String key, IntegrationKey record) {
    }

    void start(@Observes StartupEvent event) {
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
        follower = new Thread(this::follow, "ingest-config-follower");
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

    /** Whether this instance has read the whole topic once; until then it cannot judge keys. */
    public boolean ready() {
        return caughtUp.isDone();
    }

    public Uni<Issued> issue(String source, String description, String actor) {
        String id = HexFormat.of().formatHex(bytes(6));
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        IntegrationKey record = new IntegrationKey(id, source, description, sha256(secret), actor, Instant.now(),
                null, null, UUID.randomUUID());
        return write(record).map(stored -> new Issued("tdm_" + id + "_" + secret, stored));
    }

    /** Revokes a key; revoking a revoked key changes nothing. Null when there is no such key. */
    public Uni<IntegrationKey> revoke(String id, String actor) {
        IntegrationKey current = keys.get(id);
        if (current == null || current.revoked()) {
            return Uni.createFrom().item(current);
        }
        return write(new IntegrationKey(current.id(), current.source(), current.description(), current.secretSha256(),
                current.createdBy(), current.createdAt(), actor, Instant.now(), UUID.randomUUID()));
    }

    public Collection<IntegrationKey> all() {
        return List.copyOf(keys.values());
    }

    /** The live key a sender presented, if it is one of ours and not revoked. */
    public Optional<IntegrationKey> authenticate(String presented) {
        Matcher matcher = KEY.matcher(presented == null ? "" : presented.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        IntegrationKey key = keys.get(matcher.group(1));
        if (key == null || key.revoked()) {
            return Optional.empty();
        }
        boolean same = MessageDigest.isEqual(key.secretSha256().getBytes(StandardCharsets.US_ASCII),
                sha256(matcher.group(2)).getBytes(StandardCharsets.US_ASCII));
        return same ? Optional.of(key) : Optional.empty();
    }

    private Uni<IntegrationKey> write(IntegrationKey record) {
        CompletableFuture<IntegrationKey> applied = new CompletableFuture<>();
        pendingWrites.put(record.revision(), applied);
        producer.send(new ProducerRecord<>(Topics.INGEST_CONFIG, RECORD_PREFIX + record.id(), Json.write(record)),
                (metadata, error) -> {
                    if (error != null) {
                        pendingWrites.remove(record.revision());
                        applied.completeExceptionally(error);
                    }
                });
        return Uni.createFrom().completionStage(applied.orTimeout(WRITE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                .onTermination().invoke(() -> pendingWrites.remove(record.revision()));
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
                if (!caughtUp.isDone() && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    LOG.debugf("integration keys loaded: %d", keys.size());
                    caughtUp.complete(null);
                }
            }
        } catch (WakeupException e) {
            LOG.debug("integration key follower stopped");
        } catch (RuntimeException e) {
            LOG.error("integration key follower failed; keys issued from now on are not seen by this instance", e);
            caughtUp.completeExceptionally(e);
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || !record.key().startsWith(RECORD_PREFIX)) {
            return;
        }
        String id = record.key().substring(RECORD_PREFIX.length());
        if (record.value() == null) {
            keys.remove(id);
            return;
        }
        IntegrationKey key = Json.read(record.value(), IntegrationKey.class);
        keys.put(id, key);
        CompletableFuture<IntegrationKey> waiting = pendingWrites.remove(key.revision());
        if (waiting != null) {
            waiting.complete(key);
        }
    }

    private byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
