package io.tandem.change.jobs;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tandem.change.request.ChangePublisher;
import io.tandem.change.request.ChangeRepository;
import io.tandem.change.request.ChangeRequest;
import io.tandem.change.request.ChangeSignals;
import io.tandem.change.support.Clocks;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The time-driven side of change: window opened and closed events for approved changes (triage's change windows),
 * {@code ChangeExpired} for temporary changes that outlived their expiry, and an overdue post-implementation review
 * of an emergency change. Each sweep claims its changes with {@code UPDATE ... RETURNING} over
 * {@code FOR UPDATE SKIP LOCKED} and remembers the report on the row, so several instances and later runs report a
 * change once; event and signal ids are derived from the change, so a retried run is deduplicated downstream.
 */
@ApplicationScoped
public class ChangeJobs {

    /** Changes reported per sweep and run at most; the next run picks up the rest. */
    static final int BATCH = 500;

    private static final String IN_WINDOW_STATUS = "c.status IN ('approved', 'in-progress')";

    private final Pool pool;
    private final ChangeRepository repository;
    private final ChangePublisher publisher;
    private final Clock clock;

    public ChangeJobs(Pool pool, ChangeRepository repository, ChangePublisher publisher, Clock clock) {
        this.pool = pool;
        this.repository = repository;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** What one run reported, by change id. */
    public record Report(List<UUID> opened, List<UUID> closed, List<UUID> expired, List<UUID> reviewOverdue) {
    }

    @Scheduled(every = "${change.jobs.every:30s}", delayed = "${change.jobs.delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // Not before the channels and pools are up, nor after shutdown has closed them.
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return run(Clocks.now(clock)).replaceWithVoid();
    }

    /** Runs every sweep as of {@code now}. */
    @WithSpan
    public Uni<Report> run(Instant now) {
        return sweep(now, IN_WINDOW_STATUS + " AND c.planned_start <= $1 AND c.planned_end > $1"
                        + " AND c.window_opened_at IS NULL", "window_opened_at", ChangeAction.WINDOW_OPENED, false,
                c -> "change window open until " + c.plannedEnd())
                .chain(opened -> sweep(now, "c.window_opened_at IS NOT NULL AND c.window_closed_at IS NULL AND"
                                + " (c.planned_end <= $1 OR NOT " + IN_WINDOW_STATUS + ")", "window_closed_at",
                        ChangeAction.WINDOW_CLOSED, false, c -> "change window closed (" + c.status().wire() + ")")
                        .chain(closed -> sweep(now, "c.temporary AND c.expires_at <= $1 AND c.expired_at IS NULL"
                                        + " AND c.started_at IS NOT NULL AND c.rolled_back_at IS NULL", "expired_at",
                                ChangeAction.EXPIRED, true, c -> "temporary change expired at " + c.expiresAt()
                                        + " and was neither rolled back nor made permanent")
                                .chain(expired -> sweep(now, "c.type = 'emergency' AND c.review_due_at <= $1"
                                                + " AND c.reviewed_at IS NULL AND c.review_overdue_at IS NULL",
                                        "review_overdue_at", ChangeAction.REVIEW_OVERDUE, true,
                                        c -> "emergency change has no post-implementation review; it was due by "
                                                + c.reviewDueAt())
                                        .map(overdue -> new Report(opened, closed, expired, overdue)))));
    }

    /** One transaction: claims the changes matching {@code condition} ($1 is now), stamps them and reports each. */
    private Uni<List<UUID>> sweep(Instant now, String condition, String stamp, ChangeAction action, boolean signal,
                                  Function<ChangeRequest, String> detail) {
        return pool.withTransaction(db -> db.preparedQuery("""
                                UPDATE change_request SET %s = $1
                                 WHERE id IN (SELECT c.id FROM change_request c WHERE %s
                                               ORDER BY c.id LIMIT %d FOR UPDATE SKIP LOCKED)
                                RETURNING id
                                """.formatted(stamp, condition, BATCH))
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
                .chain(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("id")));
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(ids);
                    }
                    return Multi.createFrom().iterable(ids)
                            .onItem().transformToUniAndConcatenate(id -> report(db, id, action, signal, detail, now))
                            .collect().asList().replaceWith(ids);
                }));
    }

    private Uni<Void> report(SqlClient db, UUID id, ChangeAction action, boolean signal,
                             Function<ChangeRequest, String> detail, Instant now) {
        return repository.find(db, id).chain(change -> {
            String text = detail.apply(change);
            UUID eventId = ChangeSignals.eventId(action, id, null);
            Uni<Void> published = repository.audit(db, id, action, change.status(), change.status(), ChangeSignals.SYSTEM_ACTOR, text, now)
                    .chain(() -> publisher.event(new ChangeEvent(action, change.toChange(), ChangeSignals.SYSTEM_ACTOR, text, now), eventId));
            if (!signal) {
                return published;
            }
            String title = (action == ChangeAction.EXPIRED ? "Temporary change outlived its expiry: "
                    : "Emergency change not reviewed in time: ") + change.title();
            return published.chain(() -> publisher.signal(ChangeSignals.signal(action, change, eventId, title, text,
                    ChangeSignals.asset(change), now)));
        });
    }
}
