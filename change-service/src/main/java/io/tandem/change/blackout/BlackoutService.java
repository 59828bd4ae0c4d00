package io.tandem.change.blackout;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.change.support.Clocks;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.Problem.FieldError;
import io.tandem.service.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Blackout windows: change managers declare them, submit checks every change's window against them. */
@ApplicationScoped
public class BlackoutService {

    private static final String COLUMNS = "id, name, starts_at, ends_at, reason, created_by, created_at";

    private final Pool pool;
    private final Clock clock;

    public BlackoutService(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public Uni<BlackoutWindow> create(JsonNode body, String actor) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("body", "must be a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        String name = body.path("name").asText("").trim();
        if (name.isEmpty()) {
            errors.add(new FieldError("name", "missing required field"));
        }
        Instant starts = instant(body, "startsAt", errors);
        Instant ends = instant(body, "endsAt", errors);
        if (starts != null && ends != null && !ends.isAfter(starts)) {
            errors.add(new FieldError("endsAt", "must be after startsAt"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "invalid blackout window", errors);
        }
        BlackoutWindow window = new BlackoutWindow(UUID.randomUUID(), name, starts, ends,
                body.path("reason").asText(null), actor, Clocks.now(clock));
        return pool.preparedQuery("INSERT INTO blackout_window (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.tuple().addUUID(window.id()).addString(name).addValue(starts.atOffset(ZoneOffset.UTC))
                        .addValue(ends.atOffset(ZoneOffset.UTC)).addString(window.reason()).addString(actor)
                        .addValue(window.createdAt().atOffset(ZoneOffset.UTC)))
                .replaceWith(window);
    }

    public Uni<BlackoutWindow> get(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM blackout_window WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : window(rows.iterator().next()));
    }

    public Uni<Boolean> delete(UUID id) {
        return pool.preparedQuery("DELETE FROM blackout_window WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Page<BlackoutWindow>> list(UUID after, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM blackout_window WHERE $1::uuid IS NULL OR id > $1"
                        + " ORDER BY id LIMIT " + (limit + 1))
                .execute(Tuple.of(after))
                .map(rows -> Page.of(windows(rows), limit, w -> w.id().toString()));
    }

    /** The blackout windows that overlap {@code start}..{@code end}. */
    public Uni<List<BlackoutWindow>> overlapping(SqlClient db, Instant start, Instant end) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM blackout_window WHERE starts_at < $2 AND ends_at > $1"
                        + " ORDER BY starts_at")
                .execute(Tuple.of(start.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC)))
                .map(BlackoutService::windows);
    }

    private static List<BlackoutWindow> windows(Iterable<Row> rows) {
        List<BlackoutWindow> windows = new ArrayList<>();
        rows.forEach(r -> windows.add(window(r)));
        return windows;
    }

    private static BlackoutWindow window(Row row) {
        return new BlackoutWindow(row.getUUID("id"), row.getString("name"),
                row.getOffsetDateTime("starts_at").toInstant(), row.getOffsetDateTime("ends_at").toInstant(),
                row.getString("reason"), row.getString("created_by"), row.getOffsetDateTime("created_at").toInstant());
    }

    private static Instant instant(JsonNode body, String field, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(field, "missing required field"));
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "not an RFC 3339 time: '" + value.asText() + "'"));
            return null;
        }
    }
}
