package io.tandem.triage.stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The triage topology alone in its own JVM, exactly-once with RocksDB, so a test can {@code kill -9} it mid-stream.
 * Arguments: bootstrap servers, application id, state directory, topic prefix.
 */
public final class TriageChild {

    private TriageChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
        props.put(StreamsConfig.STATE_DIR_CONFIG, args[2]);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // A killed member must leave the group quickly, or the restarted one waits out the default 45 s.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
        KafkaStreams streams = new KafkaStreams(TriageTopology.build(new TriageTopology.Settings(
                StreamTopics.CONTRACT.prefixed(args[3]), Duration.ofHours(1), StreamFixture.FLAPS, "sre", StreamFixture.PRIORITIES,
                Duration.ofSeconds(10), DecisionListener.NONE), Stores::persistentKeyValueStore), props);
        streams.start();
        new CountDownLatch(1).await();
    }
}
