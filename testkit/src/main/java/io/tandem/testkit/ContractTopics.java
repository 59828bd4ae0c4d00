package io.tandem.testkit;

import io.tandem.model.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Creates topics before any service starts: Kafka Streams and transactional producers must not race broker-side
 * auto-creation. The contract's compacted topics are created compacted.
 */
public final class ContractTopics {

    public static final int PARTITIONS = 3;

    /** Creates those of {@code names} that do not exist yet. */
    public static void create(String bootstrapServers, Collection<String> names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = names.stream().filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, PARTITIONS, (short) 1).configs(Topics.COMPACTED.contains(n)
                            ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT) : Map.of()))
                    .toList();
            admin.createTopics(missing).all().get();
            awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics " + names, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the broker leads every partition of the new topics. It answers the creation, and even publishes the
     * metadata, before its replica manager has taken the leadership; an idempotent producer that sends in that gap gets
     * NOT_LEADER_OR_FOLLOWER, and its retries can then be refused for good with OUT_OF_ORDER_SEQUENCE_NUMBER. Listing
     * the partitions' offsets needs the leader itself, so once that succeeds, producing is safe.
     */
    private static void awaitLeaders(Admin admin, List<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (String topic : topics) {
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        Awaitility.await("leaders of " + topics).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .ignoreExceptions().until(() -> admin.listOffsets(partitions).all().get().size() == partitions.size());
    }

    private ContractTopics() {
    }
}
