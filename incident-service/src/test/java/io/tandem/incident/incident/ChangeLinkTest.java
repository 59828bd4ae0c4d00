package io.tandem.incident.incident;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.incident.Fixtures;
import io.tandem.model.Priority;
import io.tandem.model.change.Change;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.change.ChangeStatus;
import io.tandem.model.change.ChangeType;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.Topics;
import io.tandem.testkit.KafkaTestClient;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.tandem.incident.Fixtures.as;
import static io.tandem.incident.Fixtures.incidentIdOf;
import static io.tandem.incident.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** The incident side of a change-induced link: change-service's incident-linked event links the change back, once. */
@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class ChangeLinkTest {

    @Test
    void shouldLinkTheChangeThatCausedAnIncidentOnceEvenWhenTheEventIsRedelivered() {
        String team = unique("caused");
        Fixtures.send(Fixtures.routed(UUID.randomUUID(), team, SignalKind.AVAILABILITY, Priority.P2));
        String incidentId = incidentIdOf(team);
        Instant now = Instant.now();
        Change change = new Change(UUID.randomUUID(), "Upgrade nginx", ChangeType.NORMAL, ChangeStatus.COMPLETED, null,
                "alice", List.of(), List.of("web-01"), now.minusSeconds(3600), now.minusSeconds(600), null, false, null,
                List.of(UUID.fromString(incidentId)), true);
        ChangeEvent linked = new ChangeEvent(ChangeAction.INCIDENT_LINKED, change, "change-service", null, now);
        Fixtures.sendChange(linked, change.id() + ":incident-linked:" + incidentId);
        Fixtures.sendChange(linked, change.id() + ":incident-linked:" + incidentId);

        Awaitility.await("change linked").atMost(Duration.ofSeconds(30)).until(() -> as("viewer")
                .get("/api/v1/incidents/" + incidentId).then().extract().jsonPath()
                .getList("incident.changeIds", String.class).contains(change.id().toString()));
        // A later event on the same key is applied after the redelivered one, so the count below is final.
        ChangeEvent later = new ChangeEvent(ChangeAction.CLOSED, change, "alice", null, now.plusSeconds(1));
        Fixtures.sendChange(later, change.id() + ":closed");
        Awaitility.await("later event consumed").atMost(Duration.ofSeconds(30)).until(() ->
                Fixtures.timeline(incidentId).getList("items.detail", String.class).stream()
                        .filter(d -> d != null && d.contains("caused by change " + change.id())).count() == 1);
        assertThat(as("viewer").get("/api/v1/incidents/" + incidentId).then().extract().jsonPath()
                .getBoolean("incident.possiblyChangeInduced")).isTrue();
    }

    @Test
    void shouldRetryALinkToAnIncidentNotCommittedYetAndDeadLetterItIfItNeverAppears() {
        UUID missing = UUID.randomUUID();
        Instant now = Instant.now();
        String title = unique("never-committed");
        Change change = new Change(UUID.randomUUID(), title, ChangeType.NORMAL, ChangeStatus.COMPLETED, null, "alice",
                List.of(), List.of("web-02"), now.minusSeconds(3600), now.minusSeconds(600), null, false, null,
                List.of(missing), true);
        Fixtures.sendChange(new ChangeEvent(ChangeAction.INCIDENT_LINKED, change, "change-service", null, now),
                change.id() + ":incident-linked:" + missing);

        ConsumerRecord<String, byte[]> dead = TestInfra.get().kafka()
                .awaitContaining(Topics.SIGNALS_DLQ, title, 1, Duration.ofSeconds(60)).get(0);
        assertThat(KafkaTestClient.header(dead, "tandem-error")).isEqualTo("incident-processing-failed");
        assertThat(KafkaTestClient.header(dead, "tandem-error-detail")).contains("incident " + missing + " is not (yet) in the database");
    }
}
