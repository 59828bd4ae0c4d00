package io.tandem.kpi.projection;

import io.smallrye.mutiny.Uni;
import io.tandem.model.event.Envelope;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * How one topic's events become KPI facts. {@link Projector} parses the record, makes sure each event id is applied
 * once, and calls {@link #apply} inside the transaction that records the id.
 *
 * @param <T> the topic's payload record from shared-model
 */
public interface Projection<T> {

    /** The topic this projection reads; also its consumer name in {@code processed_event}. */
    String topic();

    Class<T> type();

    /** Whether a record without a value (a compacted topic's tombstone) is an event rather than an error. */
    default boolean acceptsTombstones() {
        return false;
    }

    /**
     * Applies one event ({@code null} for a tombstone) in {@code tx}. The returned action reports what changed to the
     * Prometheus meters; it runs only after the transaction committed, and not while rebuilding.
     */
    Uni<Runnable> apply(SqlClient tx, Envelope envelope, T event);

    /** The report for an event that changed nothing worth counting. */
    Runnable NOTHING = () -> { };
}
