package io.tandem.incident.sla;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tandem.incident.incident.IncidentEvents;
import io.tandem.incident.incident.IncidentRepository;
import io.tandem.incident.incident.IncidentRow;
import io.tandem.incident.incident.IncidentService;
import io.tandem.incident.support.Clocks;
import io.tandem.model.incident.IncidentAction;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Marks SLA breaches: an incident still triggered past its acknowledge-by, or still open past its resolve-by, gets
 * the breach in {@code slaBreaches} and an {@code sla-breached} event, once. The deadlines are columns of the
 * incident, so the check is a query (nothing in memory) and claims rows with {@code SKIP LOCKED}, so two instances
 * never report one breach twice. A breach is dated at its deadline; a transition that ends an owed SLA after its
 * deadline, before a poll saw it, records the breach itself ({@link SlaBreach#missedBefore}).
 */
@ApplicationScoped
public class SlaCheck {

    static final int BATCH = 100;
    /** The poller's scheduler identity. */
    public static final String IDENTITY = "sla-check";

    private final Pool pool;
    private final IncidentEvents events;
    private final Clock clock;

    public SlaCheck(Pool pool, IncidentEvents events, Clock clock) {
        this.pool = pool;
        this.events = events;
        this.clock = clock;
    }

    @Scheduled(identity = IDENTITY, every = "${incident.poll-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // Not before the channels and pools are up, nor after shutdown has closed them.
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return check(Clocks.now(clock)).replaceWithVoid();
    }

    /** Reports every breach due at {@code now}; returns how many. */
    @WithSpan
    public Uni<Integer> check(Instant now) {
        Uni<Integer> total = Uni.createFrom().item(0);
        for (SlaBreach breach : SlaBreach.values()) {
            total = total.chain(sum -> checkBatch(breach, now).map(n -> sum + n));
        }
        return total;
    }

    private Uni<Integer> checkBatch(SlaBreach breach, Instant now) {
        String sql = """
                UPDATE incident SET sla_breaches = array_append(sla_breaches, '%1$s'), seq = seq + 1
                 WHERE id IN (SELECT id FROM incident WHERE %3$s AND %2$s <= $1 AND NOT ('%1$s' = ANY(sla_breaches))
                              ORDER BY %2$s LIMIT %4$d FOR UPDATE SKIP LOCKED)
                RETURNING %5$s
                """.formatted(breach.wire(), breach.column(), breach.owedSql(), BATCH, IncidentRepository.COLUMNS);
        return pool.withTransaction(db -> db.preparedQuery(sql).execute(Tuple.of(IncidentRepository.time(now)))
                        .chain(rows -> {
                            List<IncidentRow> breached = new ArrayList<>();
                            rows.forEach(r -> breached.add(IncidentRepository.row(r)));
                            return Multi.createFrom().iterable(breached)
                                    .onItem().transformToUniAndConcatenate(row -> events.record(db, row,
                                            IncidentAction.SLA_BREACHED, IncidentService.SYSTEM,
                                            breach.detail(row.incident()), breach.deadline(row.incident())))
                                    .collect().asList().map(List::size);
                        }))
                .chain(n -> n < BATCH ? Uni.createFrom().item(n) : checkBatch(breach, now).map(more -> n + more));
    }
}
