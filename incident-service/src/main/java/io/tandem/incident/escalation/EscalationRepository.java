package io.tandem.incident.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.tandem.model.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.tandem.incident.incident.IncidentRepository.instant;
import static io.tandem.incident.incident.IncidentRepository.time;

/** SQL for escalation policies and their durable timers. */
@ApplicationScoped
public class EscalationRepository {

    private static final TypeReference<List<EscalationPolicy.Level>> LEVELS = new TypeReference<>() { };

    /** A pending escalation: the next level to page and when. */
    public record Timer(UUID incidentId, UUID policyId, int level, int round, Instant dueAt) {
    }

    public Uni<Void> insert(SqlClient db, UUID id, EscalationPolicy p, Instant now) {
        return db.preparedQuery("""
                        INSERT INTO escalation_policy (id, name, levels, repeat_count, created_at, updated_at)
                        VALUES ($1, $2, $3::text::jsonb, $4, $5, $5)
                        """).execute(Tuple.of(id, p.name(), json(p.levels()), p.repeatCount(), time(now)))
                .replaceWithVoid();
    }

    public Uni<Boolean> update(SqlClient db, UUID id, EscalationPolicy p, Instant now) {
        return db.preparedQuery("""
                        UPDATE escalation_policy SET name = $2, levels = $3::text::jsonb, repeat_count = $4, updated_at = $5
                         WHERE id = $1
                        """).execute(Tuple.of(id, p.name(), json(p.levels()), p.repeatCount(), time(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Boolean> delete(SqlClient db, UUID id) {
        return db.preparedQuery("DELETE FROM escalation_policy WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<EscalationPolicy> find(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT id, name, levels::text AS levels, repeat_count, created_at, updated_at"
                        + " FROM escalation_policy WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : policy(rows.iterator().next()));
    }

    public Uni<List<EscalationPolicy>> list(SqlClient db, UUID after, int limit) {
        return db.preparedQuery("SELECT id, name, levels::text AS levels, repeat_count, created_at, updated_at"
                        + " FROM escalation_policy WHERE $1::uuid IS NULL OR id > $1 ORDER BY id LIMIT $2")
                .execute(Tuple.of(after, limit + 1))
                .map(rows -> {
                    List<EscalationPolicy> all = new ArrayList<>();
                    rows.forEach(r -> all.add(policy(r)));
                    return all;
                });
    }

    /** Sets the incident's pending escalation, replacing any earlier one. */
    public Uni<Void> arm(SqlClient db, Timer t) {
        return db.preparedQuery("""
                        INSERT INTO escalation_timer (incident_id, policy_id, level, round, due_at) VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (incident_id) DO UPDATE
                           SET policy_id = excluded.policy_id, level = excluded.level, round = excluded.round,
                               due_at = excluded.due_at
                        """).execute(Tuple.of(t.incidentId(), t.policyId(), t.level(), t.round(), time(t.dueAt())))
                .replaceWithVoid();
    }

    public Uni<Void> disarm(SqlClient db, UUID incidentId) {
        return db.preparedQuery("DELETE FROM escalation_timer WHERE incident_id = $1").execute(Tuple.of(incidentId))
                .replaceWithVoid();
    }

    public Uni<Timer> timer(SqlClient db, UUID incidentId) {
        return db.preparedQuery("SELECT incident_id, policy_id, level, round, due_at FROM escalation_timer WHERE incident_id = $1")
                .execute(Tuple.of(incidentId))
                .map(rows -> rows.size() == 0 ? null : timer(rows.iterator().next()));
    }

    /**
     * Claims up to {@code limit} timers due at {@code now}; rows another instance holds are skipped, so each due
     * timer is fired by exactly one transaction.
     */
    public Uni<List<Timer>> claimDue(SqlClient db, Instant now, int limit) {
        return db.preparedQuery("""
                        SELECT incident_id, policy_id, level, round, due_at FROM escalation_timer
                         WHERE due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED
                        """).execute(Tuple.of(time(now), limit))
                .map(rows -> {
                    List<Timer> due = new ArrayList<>();
                    rows.forEach(r -> due.add(timer(r)));
                    return due;
                });
    }

    private static Timer timer(Row r) {
        return new Timer(r.getUUID("incident_id"), r.getUUID("policy_id"), r.getInteger("level"), r.getInteger("round"),
                instant(r, "due_at"));
    }

    private static EscalationPolicy policy(Row r) {
        try {
            return new EscalationPolicy(r.getUUID("id"), r.getString("name"),
                    Json.mapper().readValue(r.getString("levels"), LEVELS), r.getInteger("repeat_count"),
                    instant(r, "created_at"), instant(r, "updated_at"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("escalation policy " + r.getUUID("id") + " has unreadable levels", e);
        }
    }

    private static String json(Object value) {
        return new String(Json.write(value), StandardCharsets.UTF_8);
    }
}
