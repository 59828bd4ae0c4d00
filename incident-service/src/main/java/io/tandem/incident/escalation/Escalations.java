package io.tandem.incident.escalation;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tandem.incident.incident.IncidentEvents;
import io.tandem.incident.incident.IncidentRepository;
import io.tandem.incident.incident.IncidentRow;
import io.tandem.incident.incident.IncidentService;
import io.tandem.incident.schedule.ScheduleService;
import io.tandem.incident.support.Clocks;
import io.tandem.model.incident.IncidentAction;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.model.incident.IncidentStatus;
import io.tandem.service.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Durable escalation: an incident that follows a policy has one timer row naming the next level and when it is due.
 * The poller claims due timers with {@code FOR UPDATE SKIP LOCKED}, so each fires once however many instances poll,
 * and nothing lives in memory, so a restart loses none. Acknowledging (or anything that ends "triggered") disarms;
 * reopening re-arms from the first level.
 */
@ApplicationScoped
public class Escalations implements IncidentEvents.Follower {

    /** Timers fired per transaction at most; the next poll picks up the rest. */
    static final int BATCH = 100;

    private static final Set<IncidentAction> DISARMING = Set.of(IncidentAction.ACKNOWLEDGED, IncidentAction.MITIGATED,
            IncidentAction.RESOLVED, IncidentAction.CLOSED, IncidentAction.MERGED);

    private final Pool pool;
    private final EscalationRepository repository;
    private final IncidentRepository incidents;
    private final IncidentEvents events;
    private final ScheduleService schedules;
    private final Clock clock;

    public Escalations(Pool pool, EscalationRepository repository, IncidentRepository incidents, IncidentEvents events,
                       ScheduleService schedules, Clock clock) {
        this.pool = pool;
        this.repository = repository;
        this.incidents = incidents;
        this.events = events;
        this.schedules = schedules;
        this.clock = clock;
    }

    @Scheduled(every = "${incident.poll-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // Not before the channels and pools are up, nor after shutdown has closed them.
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return fireDue(Clocks.now(clock)).replaceWithVoid();
    }

    /** Arms on opening and reopening, disarms once the incident no longer waits for acknowledgement. */
    @Override
    public Uni<Void> on(SqlClient db, IncidentEvent event, IncidentRow row) {
        UUID id = row.incident().id();
        if (DISARMING.contains(event.action())) {
            return repository.disarm(db, id);
        }
        boolean arming = event.action() == IncidentAction.OPENED || event.action() == IncidentAction.REOPENED;
        if (!arming || row.escalationPolicyId() == null) {
            return Uni.createFrom().voidItem();
        }
        return repository.find(db, row.escalationPolicyId()).chain(policy -> policy == null || policy.levels().isEmpty()
                ? Uni.createFrom().voidItem()
                : repository.arm(db, new EscalationRepository.Timer(id, policy.id(), 1, 0,
                event.occurredAt().plus(policy.levels().get(0).timeout()))));
    }

    /** Fires every timer due at {@code now}, batch by batch; returns the incidents escalated. */
    @WithSpan
    public Uni<List<UUID>> fireDue(Instant now) {
        return fireFrom(now, new ArrayList<>());
    }

    private Uni<List<UUID>> fireFrom(Instant now, List<UUID> fired) {
        return pool.withTransaction(db -> repository.claimDue(db, now, BATCH)
                        .call(due -> Multi.createFrom().iterable(due)
                                .onItem().transformToUniAndConcatenate(t -> fire(db, t, now, IncidentService.SYSTEM)
                                        .invoke(escalated -> {
                                            if (escalated) {
                                                fired.add(t.incidentId());
                                            }
                                        }))
                                .collect().last()))
                .chain(due -> due.size() < BATCH ? Uni.createFrom().item(fired) : fireFrom(now, fired));
    }

    /**
     * Escalates an open incident by hand to its policy's next level now; 409 when it is not triggered or acknowledged
     * or follows no policy; null when it does not exist.
     */
    @WithSpan
    public Uni<IncidentRow> escalateNow(UUID incidentId, String actor) {
        Instant now = Clocks.now(clock);
        return pool.withTransaction(db -> incidents.lock(db, incidentId).chain(row -> {
            if (row == null) {
                return Uni.createFrom().nullItem();
            }
            IncidentStatus status = row.incident().status();
            if (status != IncidentStatus.TRIGGERED && status != IncidentStatus.ACKNOWLEDGED) {
                throw ProblemException.conflict(status.wire(), "cannot escalate incident " + incidentId);
            }
            if (row.escalationPolicyId() == null) {
                throw ProblemException.conflict(status.wire(), "incident " + incidentId + " follows no escalation policy");
            }
            return repository.timer(db, incidentId)
                    .map(t -> t != null ? t : new EscalationRepository.Timer(incidentId, row.escalationPolicyId(), 1, 0, now))
                    .chain(t -> escalate(db, row, t, now, actor))
                    .chain(() -> incidents.find(db, incidentId));
        }));
    }

    private Uni<Boolean> fire(SqlClient db, EscalationRepository.Timer timer, Instant now, String actor) {
        return incidents.lock(db, timer.incidentId()).chain(row -> {
            if (row == null || row.incident().status() != IncidentStatus.TRIGGERED) {
                return repository.disarm(db, timer.incidentId()).replaceWith(false);
            }
            return escalate(db, row, timer, now, actor).replaceWith(true);
        });
    }

    /** Pages the timer's level: assigns its first reachable person, records it, and arms the following level. */
    private Uni<Void> escalate(SqlClient db, IncidentRow row, EscalationRepository.Timer timer, Instant now, String actor) {
        return repository.find(db, timer.policyId()).chain(policy -> {
            if (policy == null || policy.levels().isEmpty()) {
                return repository.disarm(db, timer.incidentId());
            }
            int size = policy.levels().size();
            int level = timer.level() % size;
            int round = timer.round() + timer.level() / size;
            if (round > policy.repeatCount()) {
                return repository.disarm(db, timer.incidentId());
            }
            EscalationPolicy.Level target = policy.levels().get(level);
            return people(db, target.targets(), now).chain(people -> {
                String assignee = people.isEmpty() ? null : people.get(0);
                String detail = "escalated to level " + (level + 1) + " of policy '" + policy.name() + "'"
                        + (round > 0 ? " (repeat " + round + ")" : "") + ": "
                        + (people.isEmpty() ? "nobody reachable" : String.join(", ", people));
                // Level indexes past the last one wrap around into the next round (see the top of this method).
                EscalationRepository.Timer following = new EscalationRepository.Timer(timer.incidentId(), policy.id(),
                        level + 1, round, now.plus(target.timeout()));
                return incidents.update(db, "assignee = coalesce($2, assignee)", Tuple.of(row.incident().id(), assignee))
                        .chain(updated -> events.record(db, updated, IncidentAction.ESCALATED, actor, detail, now))
                        .chain(() -> repository.arm(db, following));
            });
        });
    }

    /** The people behind a level's targets at {@code at}, in order, without duplicates. */
    public Uni<List<String>> people(SqlClient db, List<EscalationPolicy.Target> targets, Instant at) {
        Uni<List<String>> result = Uni.createFrom().item(new ArrayList<>());
        for (EscalationPolicy.Target target : targets) {
            result = result.chain(people -> person(db, target, at).map(p -> {
                if (p != null && !people.contains(p)) {
                    people.add(p);
                }
                return people;
            }));
        }
        return result;
    }

    private Uni<String> person(SqlClient db, EscalationPolicy.Target target, Instant at) {
        return switch (target.type()) {
            case USER -> Uni.createFrom().item(target.id());
            case SCHEDULE -> schedules.onCall(db, UUID.fromString(target.id()), at);
            case TEAM -> schedules.onCallForTeam(db, target.id(), at);
        };
    }
}
