package io.tandem.kpi.signal;

import io.smallrye.mutiny.Uni;
import io.tandem.kpi.metrics.KpiMetrics;
import io.tandem.kpi.projection.Projection;
import io.tandem.model.Topics;
import io.tandem.model.event.Envelope;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

import static io.tandem.kpi.projection.Sql.ts;

/**
 * {@code signals.normalized} → one {@code signal_fact} per signal id: signals per source and kind, and the first
 * firing and first resolved signal of each vulnerability (by fingerprint) for remediation time.
 */
@ApplicationScoped
public class SignalProjection implements Projection<Signal> {

    private final KpiMetrics metrics;

    public SignalProjection(KpiMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public String topic() {
        return Topics.SIGNALS_NORMALIZED;
    }

    @Override
    public Class<Signal> type() {
        return Signal.class;
    }

    @Override
    public Uni<Runnable> apply(SqlClient tx, Envelope envelope, Signal signal) {
        return tx.preparedQuery("""
                        INSERT INTO signal_fact (signal_id, source, kind, status, fingerprint, observed_at)
                        VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING
                        """)
                .execute(Tuple.from(java.util.List.of(signal.id(), signal.source().format(), signal.kind().wire(),
                        signal.status().wire(), signal.fingerprint(), ts(signal.observedAt()))))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(NOTHING);
                    }
                    Runnable counted = () -> metrics.signal(signal.source().format(), signal.kind());
                    if (signal.kind() != SignalKind.VULNERABILITY || signal.status() != SignalStatus.RESOLVED) {
                        return Uni.createFrom().item(counted);
                    }
                    return remediation(tx, signal).map(took -> () -> {
                        counted.run();
                        if (took != null) {
                            metrics.vulnerabilityRemediated(took);
                        }
                    });
                });
    }

    /**
     * The remediation time this resolved signal completes: from the fingerprint's first firing signal, if this is the
     * first resolved signal since then; null otherwise (nothing fired, or it was already counted as remediated).
     */
    private static Uni<Duration> remediation(SqlClient tx, Signal signal) {
        return tx.preparedQuery("""
                        SELECT extract(epoch FROM ($3 - f.fired_at))::float8 AS seconds
                          FROM (SELECT min(observed_at) AS fired_at FROM signal_fact
                                 WHERE kind = 'vulnerability' AND fingerprint = $1 AND status = 'firing') f
                         WHERE f.fired_at <= $3
                           AND NOT EXISTS (SELECT 1 FROM signal_fact r
                                            WHERE r.kind = 'vulnerability' AND r.fingerprint = $1 AND r.status = 'resolved'
                                              AND r.observed_at >= f.fired_at AND r.observed_at <= $3 AND r.signal_id <> $2)
                        """)
                .execute(Tuple.of(signal.fingerprint(), signal.id(), ts(signal.observedAt())))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return Duration.ofMillis(Math.round(row.getDouble("seconds") * 1000));
                });
    }
}
