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
 * never report one breach twice.
 */
@ApplicationScoped
public class SlaCheck {

    static final int BATCH = 100;

    /** Each breach: its name in {@code slaBreaches}, the deadline column and the states it applies to. */
    private static final List<String[]> BREACHES = List.of(
            new String[] {"acknowledge", "acknowledge_by", "status = 'triggered'"},
            new String[] {"resolve", "resolve_by", "status IN ('triggered', 'acknowledged', 'mitigated')"});

    private final Pool pool;
    private final IncidentEvents events;
    private final Clock clock;

    public SlaCheck(Pool pool, IncidentEvents events, Clock clock) {
        this.pool = pool;
        this.events = events;
        this.clock = clock;
    }

    @Scheduled(every = "${incident.poll-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return check(Clocks.now(clock)).replaceWithVoid();
    }

    /** Reports every breach due at {@code now}; returns how many. */
    @WithSpan
    public Uni<Integer> check(Instant now) {
        Uni<Integer> total = Uni.createFrom().item(0);
        for (String[] breach : BREACHES) {
            total = total.chain(sum -> checkBatch(breach, now).map(n -> sum + n));
        }
        return total;
    }

    private Uni<Integer> checkBatch(String[] breach, Instant now) {
        String sql = """
                UPDATE incident SET sla_breaches = array_append(sla_breaches, '%1$s'), seq = seq + 1
                 WHERE id IN (SELECT id FROM incident WHERE %3$s AND %2$s <= $1 AND NOT ('%1$s' = ANY(sla_breaches))
                              ORDER BY %2$s LIMIT %4$d FOR UPDATE SKIP LOCKED)
                RETURNING %5$s
                """.formatted(breach[0], breach[1], breach[2], BATCH, IncidentRepository.COLUMNS);
        return pool.withTransaction(db -> db.preparedQuery(sql).execute(Tuple.of(IncidentRepository.time(now)))
                        .chain(rows -> {
                            List<IncidentRow> breached = new ArrayList<>();
                            rows.forEach(r -> breached.add(IncidentRepository.row(r)));
                            return Multi.createFrom().iterable(breached)
                                    .onItem().transformToUniAndConcatenate(row -> events.record(db, row,
                                            IncidentAction.SLA_BREACHED, IncidentService.SYSTEM,
                                            breach[0] + " SLA breached: due " + deadline(row, breach[0]), now))
                                    .collect().asList().map(List::size);
                        }))
                .chain(n -> n < BATCH ? Uni.createFrom().item(n) : checkBatch(breach, now).map(more -> n + more));
    }

    private static Instant deadline(IncidentRow row, String breach) {
        return breach.equals("acknowledge") ? row.incident().acknowledgeBy() : row.incident().resolveBy();
    }
}
