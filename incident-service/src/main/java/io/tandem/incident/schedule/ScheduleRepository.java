package io.tandem.incident.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.tandem.model.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.tandem.incident.incident.IncidentRepository.instant;
import static io.tandem.incident.incident.IncidentRepository.time;

/** SQL for schedules (layers as one JSON document) and their overrides. */
@ApplicationScoped
public class ScheduleRepository {

    private static final TypeReference<List<Schedule.Layer>> LAYERS = new TypeReference<>() { };

    public Uni<Void> insert(SqlClient db, UUID id, Schedule s, Instant now) {
        return db.preparedQuery("""
                        INSERT INTO schedule (id, name, team, time_zone, layers, created_at, updated_at)
                        VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $6)
                        """).execute(Tuple.of(id, s.name(), s.team(), s.timeZone(), json(s.layers()), time(now)))
                .replaceWithVoid();
    }

    public Uni<Boolean> update(SqlClient db, UUID id, Schedule s, Instant now) {
        return db.preparedQuery("""
                        UPDATE schedule SET name = $2, team = $3, time_zone = $4, layers = $5::text::jsonb, updated_at = $6
                         WHERE id = $1
                        """).execute(Tuple.of(id, s.name(), s.team(), s.timeZone(), json(s.layers()), time(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Boolean> delete(SqlClient db, UUID id) {
        return db.preparedQuery("DELETE FROM schedule WHERE id = $1").execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    /** The schedule with its overrides; null when it does not exist. */
    public Uni<Schedule> find(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT id, name, team, time_zone, layers::text AS layers, created_at, updated_at"
                        + " FROM schedule WHERE id = $1").execute(Tuple.of(id))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().nullItem() : withOverrides(db, rows.iterator().next()));
    }

    /** The team's schedule (the oldest, when it has several); null when it has none. */
    public Uni<Schedule> forTeam(SqlClient db, String team) {
        return db.preparedQuery("SELECT id, name, team, time_zone, layers::text AS layers, created_at, updated_at"
                        + " FROM schedule WHERE team = $1 ORDER BY created_at, id LIMIT 1").execute(Tuple.of(team))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().nullItem() : withOverrides(db, rows.iterator().next()));
    }

    /** Up to {@code limit + 1} schedules after id {@code after}, overrides not included. */
    public Uni<List<Schedule>> list(SqlClient db, UUID after, int limit) {
        return db.preparedQuery("SELECT id, name, team, time_zone, layers::text AS layers, created_at, updated_at"
                        + " FROM schedule WHERE $1::uuid IS NULL OR id > $1 ORDER BY id LIMIT $2")
                .execute(Tuple.of(after, limit + 1))
                .map(rows -> {
                    List<Schedule> all = new ArrayList<>();
                    rows.forEach(r -> all.add(schedule(r, List.of())));
                    return all;
                });
    }

    public Uni<Void> addOverride(SqlClient db, UUID scheduleId, Schedule.Override o, Instant now) {
        return db.preparedQuery("""
                        INSERT INTO schedule_override (id, schedule_id, user_name, start_at, end_at, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6)
                        """).execute(Tuple.of(o.id(), scheduleId, o.user(), time(o.start()), time(o.end()), time(now)))
                .replaceWithVoid();
    }

    public Uni<Boolean> deleteOverride(SqlClient db, UUID scheduleId, UUID overrideId) {
        return db.preparedQuery("DELETE FROM schedule_override WHERE schedule_id = $1 AND id = $2")
                .execute(Tuple.of(scheduleId, overrideId)).map(rows -> rows.rowCount() == 1);
    }

    private Uni<Schedule> withOverrides(SqlClient db, Row row) {
        return db.preparedQuery("""
                        SELECT id, user_name, start_at, end_at FROM schedule_override
                         WHERE schedule_id = $1 ORDER BY created_at, id
                        """).execute(Tuple.of(row.getUUID("id")))
                .map(rows -> {
                    List<Schedule.Override> overrides = new ArrayList<>();
                    rows.forEach(r -> overrides.add(new Schedule.Override(r.getUUID("id"), r.getString("user_name"),
                            instant(r, "start_at"), instant(r, "end_at"))));
                    return schedule(row, overrides);
                });
    }

    private static Schedule schedule(Row r, List<Schedule.Override> overrides) {
        try {
            return new Schedule(r.getUUID("id"), r.getString("name"), r.getString("team"), r.getString("time_zone"),
                    Json.mapper().readValue(r.getString("layers"), LAYERS), overrides, instant(r, "created_at"),
                    instant(r, "updated_at"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("schedule " + r.getUUID("id") + " has unreadable layers", e);
        }
    }

    private static String json(Object value) {
        return new String(Json.write(value), java.nio.charset.StandardCharsets.UTF_8);
    }
}
