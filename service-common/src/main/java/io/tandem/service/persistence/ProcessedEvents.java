package io.tandem.service.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The idempotent-consumer log (Debezium's MessageLog) on each service's {@code processed_event} table: a consumer
 * records each event id in the transaction that applies the event, and skips an id it has already recorded. A
 * concurrent duplicate waits on the first one's uncommitted row and then sees it, so two deliveries never both apply.
 * Static, not a bean: services without a database never load it.
 */
public final class ProcessedEvents {

    private ProcessedEvents() {
    }

    /** True the first time {@code consumer} sees {@code eventId} (and records it), false for a duplicate. */
    public static Uni<Boolean> firstTime(SqlClient db, String consumer, String eventId) {
        return db.preparedQuery("INSERT INTO processed_event (event_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(eventId, consumer))
                .map(rows -> rows.rowCount() == 1);
    }
}
