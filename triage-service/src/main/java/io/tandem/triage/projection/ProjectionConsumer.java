package io.tandem.triage.projection;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.tandem.model.json.Json;
import io.tandem.model.triage.AlertGroupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Projects {@code triage.decisions} and {@code alerts.groups} into PostgreSQL a poll's batch at a time, reading
 * committed records only; the batch's offsets are committed after its transaction, so a crash replays it, which the
 * idempotent writes absorb.
 */
@ApplicationScoped
public class ProjectionConsumer {

    public static final String DECISIONS = "decisions-in";
    public static final String GROUPS = "alert-groups-in";
    private static final Logger LOG = Logger.getLogger(ProjectionConsumer.class);

    private final Projections projections;

    public ProjectionConsumer(Projections projections) {
        this.projections = projections;
    }

    @Incoming(DECISIONS)
    public Uni<Void> decisions(KafkaRecordBatch<String, byte[]> batch) {
        List<Projections.Decided> decided = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch) {
            if (record.getPayload() != null) {
                Header id = record.getHeaders().lastHeader("ce_id");
                decided.add(new Projections.Decided(id == null ? null : new String(id.value(), StandardCharsets.UTF_8),
                        body(record)));
            }
        }
        return committed(batch, retried(projections.applyDecisions(decided), "decisions"));
    }

    @Incoming(GROUPS)
    public Uni<Void> groups(KafkaRecordBatch<String, byte[]> batch) {
        List<Projections.GroupChanged> events = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch) {
            AlertGroupEvent event = read(record, AlertGroupEvent.class);
            if (event != null) {
                events.add(new Projections.GroupChanged(event, body(record)));
            }
        }
        return committed(batch, retried(projections.applyGroups(events), "alert groups"));
    }

    /**
     * A method that takes the batch itself acknowledges it itself: only then are its offsets committed, and a batch
     * never acknowledged would, after a minute, fail the channel for good.
     */
    private static Uni<Void> committed(KafkaRecordBatch<String, byte[]> batch, Uni<Void> write) {
        return write.chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /**
     * A failed write (PostgreSQL down or overloaded) is retried until it succeeds instead of failing the channel, which
     * would stop the projection for good; the batch's offsets are not committed meanwhile, so nothing is skipped.
     */
    private static Uni<Void> retried(Uni<Void> write, String what) {
        return write.onFailure().invoke(e -> LOG.warnf("projecting %s failed, retrying: %s", what, e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }

    /** The record as stored: PostgreSQL parses the JSON text itself, so it is not written a second time here. */
    private static String body(KafkaRecord<String, byte[]> record) {
        return new String(record.getPayload(), StandardCharsets.UTF_8);
    }

    /** Triage wrote these itself; one it cannot read comes from a newer version and is skipped, not fatal. */
    private static <T> T read(KafkaRecord<String, byte[]> record, Class<T> type) {
        try {
            return Json.read(record.getPayload(), type);
        } catch (RuntimeException e) {
            LOG.warnf("skipping unreadable %s at %s-%d: %s", type.getSimpleName(), record.getTopic(),
                    record.getPartition(), e.getMessage());
            return null;
        }
    }
}
