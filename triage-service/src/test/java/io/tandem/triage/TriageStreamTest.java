package io.tandem.triage;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.model.Topics;
import io.tandem.model.json.Json;
import io.tandem.model.signal.AssetRef;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalSource;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.TriageDecision;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The topology once against the real broker with exactly-once on: one committed decision per signal. */
@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class TriageStreamTest {

    @Test
    void shouldCommitExactlyOneDecisionPerSignalThroughTheRealBroker() {
        TestInfra infra = TestInfra.get();
        String host = "stream-" + UUID.randomUUID();
        Instant now = Instant.now();
        List<Signal> sent = List.of(signal(host, "fp-" + host, now), signal(host, "fp-" + host, now.plusSeconds(1)),
                signal(host, "other-" + host, now.plusSeconds(2)));
        for (Signal signal : sent) {
            infra.kafka().send(Topics.SIGNALS_NORMALIZED, host, Json.write(signal), Map.of());
        }

        List<ConsumerRecord<String, byte[]>> records = infra.kafka().await(Topics.TRIAGE_DECISIONS, 3, Duration.ofSeconds(60),
                r -> sent.stream().anyMatch(s -> s.id().toString().equals(KafkaTestClient.header(r, "ce_id"))));
        List<DecisionOutcome> outcomes = records.stream().map(r -> Json.read(r.value(), TriageDecision.class).outcome()).toList();
        assertThat(outcomes).containsExactly(DecisionOutcome.ROUTED, DecisionOutcome.DEDUPLICATED, DecisionOutcome.GROUPED);
        infra.kafka().await(Topics.ALERTS_GROUPS, 2, Duration.ofSeconds(10), r -> r.key().equals(records.get(0).key()));
    }

    private static Signal signal(String host, String fingerprint, Instant at) {
        return new Signal(UUID.randomUUID(), new SignalSource("alertmanager", "test"), null, fingerprint,
                SignalKind.OPERATIONAL, null, "High latency on " + host, null, Severity.MEDIUM, SignalStatus.FIRING, at, at,
                new AssetRef(host, null, null, null, null), Map.of(), List.of(), List.of(), null, null, null);
    }
}
