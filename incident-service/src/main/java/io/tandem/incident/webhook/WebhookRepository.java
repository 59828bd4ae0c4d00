package io.tandem.incident.webhook;

import io.smallrye.mutiny.Uni;
import io.tandem.model.Wire;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static io.tandem.incident.incident.IncidentRepository.instant;
import static io.tandem.incident.incident.IncidentRepository.time;

/** SQL for webhooks and their delivery outbox. */
@ApplicationScoped
public class WebhookRepository {

    /** A claimed delivery with what sending it needs. */
    public record Claimed(UUID id, String eventId, String eventType, String payload, int attempts, String url,
                          String secret, Webhook.Format format) {
    }

    public Uni<Void> insert(SqlClient db, Webhook w) {
        return db.preparedQuery("""
                        INSERT INTO webhook (id, name, url, secret, format, teams, priorities, kinds, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                        """).execute(Tuple.tuple().addUUID(w.id()).addString(w.name()).addString(w.url())
                        .addString(w.secret()).addString(w.format().wire())
                        .addArrayOfString(w.teams().toArray(String[]::new))
                        .addArrayOfString(w.priorities().toArray(String[]::new))
                        .addArrayOfString(w.kinds().toArray(String[]::new)).addValue(time(w.createdAt())))
                .replaceWithVoid();
    }

    /** Replaces everything but id and creation time; a null secret keeps the current one. False when it does not exist. */
    public Uni<Boolean> update(SqlClient db, UUID id, Webhook w) {
        return db.preparedQuery("""
                        UPDATE webhook SET name = $2, url = $3, secret = coalesce($4, secret), format = $5, teams = $6,
                               priorities = $7, kinds = $8
                         WHERE id = $1
                        """).execute(Tuple.tuple().addUUID(id).addString(w.name()).addString(w.url())
                        .addString(w.secret()).addString(w.format().wire())
                        .addArrayOfString(w.teams().toArray(String[]::new))
                        .addArrayOfString(w.priorities().toArray(String[]::new))
                        .addArrayOfString(w.kinds().toArray(String[]::new)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Webhook> find(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT * FROM webhook WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : webhook(rows.iterator().next()));
    }

    public Uni<List<Webhook>> list(SqlClient db, UUID after, int limit) {
        return db.preparedQuery("SELECT * FROM webhook WHERE $1::uuid IS NULL OR id > $1 ORDER BY id LIMIT $2")
                .execute(Tuple.of(after, limit + 1)).map(rows -> {
                    List<Webhook> all = new ArrayList<>();
                    rows.forEach(r -> all.add(webhook(r)));
                    return all;
                });
    }

    public Uni<Boolean> delete(SqlClient db, UUID id) {
        return db.preparedQuery("DELETE FROM webhook WHERE id = $1").execute(Tuple.of(id)).map(r -> r.rowCount() == 1);
    }

    /** Queues an event for every webhook whose filters match; a repeated event id is queued once per webhook. */
    public Uni<Void> enqueue(SqlClient db, String eventId, String eventType, String payload, String team, String priority,
                             String kind, Instant now) {
        return db.preparedQuery("""
                        INSERT INTO webhook_delivery (id, webhook_id, event_id, event_type, payload, next_attempt_at,
                                                      created_at)
                        SELECT gen_random_uuid(), w.id, $1, $2, $3, $7, $7 FROM webhook w
                         WHERE (cardinality(w.teams) = 0 OR $4 = ANY (w.teams))
                           AND (cardinality(w.priorities) = 0 OR $5 = ANY (w.priorities))
                           AND (cardinality(w.kinds) = 0 OR $6 = ANY (w.kinds))
                        ON CONFLICT (webhook_id, event_id) DO NOTHING
                        """).execute(Tuple.of(eventId, eventType, payload, team, priority, kind).addValue(time(now)))
                .replaceWithVoid();
    }

    /**
     * Claims up to {@code limit} due deliveries by moving them one lease ahead, skipping rows another instance is
     * claiming; a sender that crashes mid-attempt lets the lease run out and the delivery is tried again.
     */
    public Uni<List<Claimed>> claim(SqlClient db, Instant now, Instant leaseUntil, int limit) {
        return db.preparedQuery("""
                        UPDATE webhook_delivery d SET next_attempt_at = $2, attempts = d.attempts + 1
                          FROM webhook w
                         WHERE w.id = d.webhook_id
                           AND d.id IN (SELECT id FROM webhook_delivery
                                         WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
                                         ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
                        RETURNING d.id, d.event_id, d.event_type, d.payload, d.attempts, w.url, w.secret, w.format
                        """).execute(Tuple.of(time(now), time(leaseUntil), limit))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    rows.forEach(r -> claimed.add(new Claimed(r.getUUID("id"), r.getString("event_id"),
                            r.getString("event_type"), r.getString("payload"), r.getInteger("attempts"),
                            r.getString("url"), r.getString("secret"), Wire.parse(Webhook.Format.class, r.getString("format")))));
                    return claimed;
                });
    }

    public Uni<Void> delivered(SqlClient db, UUID id, Instant at) {
        return db.preparedQuery("UPDATE webhook_delivery SET delivered_at = $2, last_error = NULL WHERE id = $1")
                .execute(Tuple.of(id, time(at))).replaceWithVoid();
    }

    /** Records a failed attempt: retry at {@code retryAt}, or give up when it is null. */
    public Uni<Void> attemptFailed(SqlClient db, UUID id, String error, Instant retryAt, Instant now) {
        return db.preparedQuery("""
                        UPDATE webhook_delivery SET last_error = $2, next_attempt_at = coalesce($3, next_attempt_at),
                               failed_at = CASE WHEN $3::timestamptz IS NULL THEN $4::timestamptz END
                         WHERE id = $1
                        """).execute(Tuple.of(id, error, time(retryAt), time(now))).replaceWithVoid();
    }

    public Uni<List<Delivery>> deliveries(SqlClient db, UUID webhookId, int limit) {
        return db.preparedQuery("""
                        SELECT id, webhook_id, event_id, event_type, attempts, next_attempt_at, delivered_at, failed_at,
                               last_error, created_at
                          FROM webhook_delivery WHERE webhook_id = $1 ORDER BY created_at DESC, id LIMIT $2
                        """).execute(Tuple.of(webhookId, limit)).map(rows -> {
                    List<Delivery> all = new ArrayList<>();
                    rows.forEach(r -> all.add(new Delivery(r.getUUID("id"), r.getUUID("webhook_id"), r.getString("event_id"),
                            r.getString("event_type"), r.getInteger("attempts"), instant(r, "next_attempt_at"),
                            instant(r, "delivered_at"), instant(r, "failed_at"), r.getString("last_error"),
                            instant(r, "created_at"))));
                    return all;
                });
    }

    private static Webhook webhook(Row r) {
        return new Webhook(r.getUUID("id"), r.getString("name"), r.getString("url"), null,
                Wire.parse(Webhook.Format.class, r.getString("format")), Arrays.asList(r.getArrayOfStrings("teams")),
                Arrays.asList(r.getArrayOfStrings("priorities")), Arrays.asList(r.getArrayOfStrings("kinds")),
                instant(r, "created_at"));
    }
}
