package io.tandem.incident.schedule;

import io.smallrye.mutiny.Uni;
import io.tandem.incident.support.Clocks;
import io.tandem.service.paging.Page;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** On-call schedules: CRUD, overrides, and who is on call for a schedule or a team at an instant. */
@ApplicationScoped
public class ScheduleService {

    private final Pool pool;
    private final ScheduleRepository repository;
    private final Clock clock;

    public ScheduleService(Pool pool, ScheduleRepository repository, Clock clock) {
        this.pool = pool;
        this.repository = repository;
        this.clock = clock;
    }

    public Uni<Schedule> create(Schedule input) {
        UUID id = UUID.randomUUID();
        Instant now = Clocks.now(clock);
        return pool.withTransaction(db -> repository.insert(db, id, input, now).chain(() -> repository.find(db, id)));
    }

    /** Replaces name, team, zone and layers (overrides stay); null when it does not exist. */
    public Uni<Schedule> replace(UUID id, Schedule input) {
        Instant now = Clocks.now(clock);
        return pool.withTransaction(db -> repository.update(db, id, input, now)
                .chain(found -> found ? repository.find(db, id) : Uni.createFrom().nullItem()));
    }

    public Uni<Boolean> delete(UUID id) {
        return pool.withTransaction(db -> repository.delete(db, id));
    }

    public Uni<Schedule> get(UUID id) {
        return pool.withConnection(db -> repository.find(db, id));
    }

    public Uni<Page<Schedule>> list(UUID after, int limit) {
        return pool.withConnection(db -> repository.list(db, after, limit))
                .map(rows -> Page.of(rows, limit, s -> s.id().toString()));
    }

    /** Adds an override; null when the schedule does not exist. */
    public Uni<Schedule.Override> override(UUID scheduleId, Schedule.Override input) {
        Schedule.Override override = new Schedule.Override(UUID.randomUUID(), input.user(), input.start(), input.end());
        Instant now = Clocks.now(clock);
        return pool.withTransaction(db -> repository.find(db, scheduleId).chain(s -> s == null
                ? Uni.createFrom().nullItem()
                : repository.addOverride(db, scheduleId, override, now).replaceWith(override)));
    }

    public Uni<Boolean> deleteOverride(UUID scheduleId, UUID overrideId) {
        return pool.withTransaction(db -> repository.deleteOverride(db, scheduleId, overrideId));
    }

    /** Who is on call for the schedule at {@code at}; null when the schedule does not exist. */
    public Uni<OnCallAnswer> onCall(UUID id, Instant at) {
        Instant when = at == null ? Clocks.now(clock) : at;
        return get(id).map(s -> s == null ? null : OnCallAnswer.of(s, when, OnCall.at(s, when)));
    }

    /** The person on call in {@code team}'s schedule at {@code at}, or null (no team, no schedule, nobody). */
    public Uni<String> onCallForTeam(SqlClient db, String team, Instant at) {
        if (team == null) {
            return Uni.createFrom().nullItem();
        }
        return repository.forTeam(db, team).map(s -> {
            OnCall.Shift shift = s == null ? null : OnCall.at(s, at);
            return shift == null ? null : shift.user();
        });
    }

    /** The person on call in a schedule at {@code at}, or null. */
    public Uni<String> onCall(SqlClient db, UUID scheduleId, Instant at) {
        return repository.find(db, scheduleId).map(s -> {
            OnCall.Shift shift = s == null ? null : OnCall.at(s, at);
            return shift == null ? null : shift.user();
        });
    }

    /** The answer of {@code GET /api/v1/schedules/{id}/on-call}. */
    public record OnCallAnswer(UUID scheduleId, Instant at, String timeZone, String user, String layer, String overrideId) {

        static OnCallAnswer of(Schedule s, Instant at, OnCall.Shift shift) {
            return new OnCallAnswer(s.id(), at, s.timeZone(), shift == null ? null : shift.user(),
                    shift == null ? null : shift.layer(), shift == null ? null : shift.overrideId());
        }
    }
}
