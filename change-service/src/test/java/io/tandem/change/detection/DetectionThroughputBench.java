package io.tandem.change.detection;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.model.EventTypes;
import io.tandem.model.Topics;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Signal;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import static io.tandem.change.Fixtures.now;
import static io.tandem.change.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast unauthorized-change detection keeps up: N configuration-change signals on unknown hosts, each recorded as
 * an unauthorized change with a derived signal, timed from the first send to the last event on changes.events.
 * Run with {@code -Dtest=DetectionThroughputBench -Dtandem.bench=true [-Dtandem.bench.signals=2000]}.
 */
@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
@EnabledIfSystemProperty(named = "tandem.bench", matches = "true")
class DetectionThroughputBench {

    @Test
    void measureUnauthorizedChangeDetection() {
        int n = Integer.getInteger("tandem.bench.signals", 1000);
        String run = unique("bench");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                Signal signal = UnauthorizedChangeTest.configChange(run + "-host-" + i, run + " change " + i, now());
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SIGNALS_NORMALIZED,
                        signal.asset().key(), Json.write(signal));
                record.headers().add("ce_id", signal.id().toString().getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_type", EventTypes.SIGNAL_NORMALIZED.getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
        }
        long sent = System.nanoTime();
        int detected = TestInfra.get().kafka().await(Topics.CHANGES_EVENTS, n, Duration.ofMinutes(10),
                r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(run)).size();
        long done = System.nanoTime();

        assertThat(detected).isEqualTo(n);
        double seconds = (done - start) / 1e9;
        System.out.printf("BENCH unauthorized-change detection: %d signals, sent in %.1f s, all detected after %.1f s"
                + " = %.0f signals/s (record + audit + event + derived signal each)%n", n, (sent - start) / 1e9,
                seconds, n / seconds);
    }
}
