package io.tandem.change.support;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The idempotent-consumer log (Debezium's MessageLog): a consumer records each event id in the transaction that
 * applies the event, and skips an id it has already recorded.
 */
@ApplicationScoped
public class ProcessedEvents {

    /** True the first time {@code consumer} sees {@code eventId} (and records it), false for a duplicate. */
    public Uni<Boolean> firstTime(SqlClient db, String consumer, String eventId) {
        return db.preparedQuery("INSERT INTO processed_event (event_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(eventId, consumer))
                .map(rows -> rows.rowCount() == 1);
    }
}
