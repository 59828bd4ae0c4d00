package io.tandem.triage.projection;

import io.smallrye.mutiny.Uni;
import io.tandem.model.json.Json;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.model.triage.Enrichment;
import io.tandem.model.triage.SignalSummary;
import io.tandem.model.triage.TriageDecision;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The PostgreSQL read side of the stream: decisions (for "why"), the latest state of each alert (for silence
 * previews) and of each alert group. Writes are idempotent: a decision by its event id, alerts and groups only
 * forward in time, so a redelivered batch changes nothing.
 */
@ApplicationScoped
public class Projections {

    /** A silence preview looks at no more firing alerts than this, most recent first. */
    static final int PREVIEW_LIMIT = 10_000;

    private final Pool pool;

    public Projections(Pool pool) {
        this.pool = pool;
    }

    /** One decision from the topic, with its CloudEvent id and its JSON as received. */
    public record Decided(String eventId, TriageDecision decision, String body) {
    }

    /** One alert group event from the topic, with its JSON as received. */
    public record GroupChanged(AlertGroupEvent event, String body) {
    }

    public Uni<Void> applyDecisions(List<Decided> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> decisions = new ArrayList<>();
        List<Tuple> alerts = new ArrayList<>();
        for (Decided d : batch) {
            TriageDecision decision = d.decision();
            decisions.add(Tuple.of(d.eventId(), decision.signalId(), decision.alertGroupId(), decision.outcome().wire(),
                    d.body(), time(decision.decidedAt())));
            if (decision.alertId() != null) {
                alerts.add(Tuple.tuple(List.of(decision.signal().fingerprint(), decision.alertId(), decision.alertGroupId(),
                        decision.signal().status().wire(), json(decision.signal()),
                        decision.enrichment() == null ? "{}" : json(decision.enrichment()),
                        time(decision.decidedAt()))));
            }
        }
        return pool.withTransaction(db -> db.preparedQuery("""
                        INSERT INTO decision (event_id, signal_id, alert_group_id, outcome, body, decided_at)
                        VALUES ($1, $2, $3, $4, $5::text::jsonb, $6) ON CONFLICT DO NOTHING""").executeBatch(decisions)
                .chain(() -> alerts.isEmpty() ? Uni.createFrom().voidItem() : db.preparedQuery("""
                        INSERT INTO alert (fingerprint, alert_id, group_id, status, summary, enrichment, decided_at)
                        VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb, $7)
                        ON CONFLICT (fingerprint) DO UPDATE SET alert_id = excluded.alert_id, group_id = excluded.group_id,
                            status = excluded.status, summary = excluded.summary, enrichment = excluded.enrichment,
                            decided_at = excluded.decided_at
                        WHERE alert.decided_at <= excluded.decided_at""").executeBatch(alerts).replaceWithVoid()));
    }

    public Uni<Void> applyGroups(List<GroupChanged> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = batch.stream().map(changed -> {
            AlertGroupEvent g = changed.event();
            return Tuple.of(g.groupId(), g.resolvedAt() == null, time(g.lastSeen().truncatedTo(ChronoUnit.MICROS)),
                    changed.body(), time(g.occurredAt()));
        }).toList();
        return pool.withTransaction(db -> db.preparedQuery("""
                INSERT INTO alert_group (group_id, open, last_seen, body, occurred_at) VALUES ($1, $2, $3, $4::text::jsonb, $5)
                ON CONFLICT (group_id) DO UPDATE SET open = excluded.open, last_seen = excluded.last_seen,
                    body = excluded.body, occurred_at = excluded.occurred_at
                WHERE alert_group.occurred_at <= excluded.occurred_at""").executeBatch(rows).replaceWithVoid());
    }

    /** The alerts a silence muted: how many, whether any fires now, and when the last of them changed. */
    public record Muted(long count, boolean anyFiring, Instant lastChange) {
    }

    public Uni<Muted> mutedAlerts(UUID silenceId) {
        return pool.withConnection(db -> db.preparedQuery("""
                        SELECT count(*) AS muted, coalesce(bool_or(status = 'firing'), false) AS firing,
                               max(decided_at) AS last_change
                        FROM alert WHERE fingerprint IN (SELECT body -> 'signal' ->> 'fingerprint' FROM decision
                            WHERE outcome = 'silenced' AND body -> 'decidedBy' ->> 'id' = $1)""")
                .execute(Tuple.of(silenceId.toString()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    OffsetDateTime last = row.getOffsetDateTime("last_change");
                    return new Muted(row.getLong("muted"), row.getBoolean("firing"), last == null ? null : last.toInstant());
                }));
    }

    /** A signal's decisions, the first one first, then any follow-up. */
    public Uni<List<TriageDecision>> decisions(UUID signalId) {
        return pool.withConnection(db -> db.preparedQuery(
                        "SELECT body FROM decision WHERE signal_id = $1 ORDER BY decided_at, event_id")
                .execute(Tuple.of(signalId))
                .map(rows -> {
                    List<TriageDecision> found = new ArrayList<>();
                    rows.forEach(row -> found.add(read(row.getJsonObject("body"), TriageDecision.class)));
                    return found;
                }));
    }

    /** Firing alerts, most recently decided first, at most {@link #PREVIEW_LIMIT}. */
    public Uni<List<AlertView>> firingAlerts() {
        return pool.withConnection(db -> db.preparedQuery("""
                        SELECT fingerprint, alert_id, group_id, summary, enrichment FROM alert WHERE status = 'firing'
                        ORDER BY decided_at DESC LIMIT $1""")
                .execute(Tuple.of(PREVIEW_LIMIT))
                .map(rows -> {
                    List<AlertView> alerts = new ArrayList<>();
                    for (Row row : rows) {
                        JsonObject enrichment = row.getJsonObject("enrichment");
                        alerts.add(new AlertView(row.getString("fingerprint"), row.getUUID("alert_id"),
                                row.getUUID("group_id"), SignalStatus.FIRING,
                                read(row.getJsonObject("summary"), SignalSummary.class),
                                enrichment == null || enrichment.isEmpty() ? null : read(enrichment, Enrichment.class)));
                    }
                    return alerts;
                }));
    }

    /**
     * Alert groups, most recently seen first; {@code open} null means all. {@code after} is the last row of the
     * previous page, as {@code <lastSeen>|<groupId>}.
     */
    public Uni<List<AlertGroupEvent>> groups(Boolean open, Instant afterSeen, UUID afterId, int limit) {
        return pool.withConnection(db -> db.preparedQuery("""
                        SELECT body FROM alert_group
                        WHERE ($1::boolean IS NULL OR open = $1)
                          AND ($2::timestamptz IS NULL OR (last_seen, group_id) < ($2, $3))
                        ORDER BY last_seen DESC, group_id DESC LIMIT $4""")
                .execute(Tuple.of(open, afterSeen == null ? null : time(afterSeen), afterId, limit))
                .map(rows -> {
                    List<AlertGroupEvent> groups = new ArrayList<>();
                    rows.forEach(row -> groups.add(read(row.getJsonObject("body"), AlertGroupEvent.class)));
                    return groups;
                }));
    }

    /** JSON text for a {@code ::text::jsonb} parameter, which PostgreSQL parses once, instead of a Vert.x JsonObject. */
    private static String json(Object value) {
        return new String(Json.write(value), StandardCharsets.UTF_8);
    }

    private static <T> T read(JsonObject json, Class<T> type) {
        return Json.read(json.encode().getBytes(StandardCharsets.UTF_8), type);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
