package io.tandem.kpi.projection;

import io.smallrye.mutiny.Uni;
import io.tandem.model.event.Envelope;
import io.tandem.model.json.EventFormatException;
import io.tandem.model.json.Json;
import io.tandem.service.persistence.ProcessedEvents;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Headers;

/**
 * Applies one Kafka record to its projection exactly once: the CloudEvent id is recorded in {@code processed_event}
 * in the same transaction as the facts (Debezium's MessageLog pattern), so a redelivered or replayed event that was
 * already applied changes nothing. The live consumers and the rebuild both come through here.
 */
@ApplicationScoped
public class Projector {

    /** What became of one record. */
    public enum Outcome { APPLIED, DUPLICATE }

    private final Pool pool;

    public Projector(Pool pool) {
        this.pool = pool;
    }

    /**
     * Parses and applies one record; {@code live} runs the projection's metric report after commit (a rebuild passes
     * false, since the meters already counted these events once). A record that is not a CloudEvent with the
     * topic's payload fails with an {@link EventFormatException} naming what is wrong.
     */
    public <T> Uni<Outcome> apply(Projection<T> projection, Headers headers, byte[] value, boolean live) {
        return Uni.createFrom().item(() -> parse(projection, headers, value))
                .chain(parsed -> pool.withTransaction(tx -> ProcessedEvents.firstTime(tx, projection.topic(), parsed.envelope().id())
                        .chain(first -> first
                                ? projection.apply(tx, parsed.envelope(), parsed.event())
                                : Uni.createFrom().<Runnable>nullItem())))
                .map(report -> {
                    if (report == null) {
                        return Outcome.DUPLICATE;
                    }
                    if (live) {
                        report.run();
                    }
                    return Outcome.APPLIED;
                });
    }

    private static <T> Parsed<T> parse(Projection<T> projection, Headers headers, byte[] value) {
        Envelope envelope;
        try {
            envelope = Envelope.readFrom(headers);
        } catch (RuntimeException e) {
            throw new EventFormatException(null, "not a CloudEvent in Kafka binary mode: " + e.getMessage());
        }
        if (value == null) {
            if (!projection.acceptsTombstones()) {
                throw new EventFormatException(null, "empty record: a " + projection.type().getSimpleName() + " was expected");
            }
            return new Parsed<>(envelope, null);
        }
        return new Parsed<>(envelope, Json.read(value, projection.type()));
    }

    private record Parsed<T>(Envelope envelope, T event) {
    }
}
