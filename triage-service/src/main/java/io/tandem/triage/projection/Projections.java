package io.tandem.triage.projection;

import io.smallrye.mutiny.Uni;
import io.tandem.model.json.Json;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.model.triage.Enrichment;
import io.tandem.model.triage.SignalSummary;
import io.tandem.model.triage.TriageDecision;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

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
    private static final Logger LOG = Logger.getLogger(Projections.class);

    private final Pool pool;

    public Projections(Pool pool) {
        this.pool = pool;
    }

    /** One decision from the topic as received: its CloudEvent id (null if absent) and its JSON text. */
    public record Decided(String eventId, String body) {
    }

    /** One alert group event from the topic, with its JSON as received. */
    public record GroupChanged(AlertGroupEvent event, String body) {
    }

    /**
     * PostgreSQL reads the columns out of the decisions' JSON itself, so the projection neither parses nor re-encodes
     * them, and a batch is one statement: its decisions, and the state of each alert it touches as its last decision
     * in the batch leaves it. Most decisions are duplicates that leave their alert as it was; an alert's row is only
     * written when it is new or its status, group, severity or labels changed, so {@code decided_at} is when the
     * alert last changed, which is what "end when the alert resolves" silences hold down on.
     */
    private static final String DECISIONS = """
            WITH input AS MATERIALIZED (
                SELECT t.n, t.event_id, t.body::jsonb AS body
                FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(event_id, body, n)
            ), decided AS (
                INSERT INTO decision (event_id, signal_id, alert_group_id, outcome, body, decided_at)
                SELECT coalesce(event_id, body ->> 'signalId'), (body ->> 'signalId')::uuid, (body ->> 'alertGroupId')::uuid,
                       body ->> 'outcome', body, (body ->> 'decidedAt')::timestamptz
                FROM input
                ON CONFLICT DO NOTHING
            ), latest AS (
                SELECT DISTINCT ON (body -> 'signal' ->> 'fingerprint')
                       body -> 'signal' ->> 'fingerprint' AS fingerprint, (body ->> 'alertId')::uuid AS alert_id,
                       (body ->> 'alertGroupId')::uuid AS group_id, body -> 'signal' ->> 'status' AS status,
                       body -> 'signal' AS summary, (body ->> 'decidedAt')::timestamptz AS decided_at, body
                FROM input
                WHERE body ->> 'alertId' IS NOT NULL
                ORDER BY body -> 'signal' ->> 'fingerprint', (body ->> 'decidedAt')::timestamptz DESC, n DESC
            )
            INSERT INTO alert (fingerprint, alert_id, group_id, status, summary, enrichment, decided_at)
            SELECT l.fingerprint, l.alert_id, l.group_id, l.status, l.summary,
                   CASE WHEN jsonb_typeof(l.body -> 'enrichment') = 'object' THEN l.body -> 'enrichment' ELSE '{}' END,
                   l.decided_at
            FROM latest l LEFT JOIN alert a ON a.fingerprint = l.fingerprint
            WHERE a.fingerprint IS NULL
               OR (a.status, a.group_id, a.alert_id, a.summary ->> 'severity', a.summary -> 'labels')
                  IS DISTINCT FROM (l.status, l.group_id, l.alert_id, l.summary ->> 'severity', l.summary -> 'labels')
            ON CONFLICT (fingerprint) DO UPDATE SET alert_id = excluded.alert_id, group_id = excluded.group_id,
                status = excluded.status, summary = excluded.summary, enrichment = excluded.enrichment,
                decided_at = excluded.decided_at
            WHERE alert.decided_at <= excluded.decided_at""";

    /**
     * Writes a batch of decisions in one statement. If PostgreSQL refuses the data (a record that is not a decision,
     * SQL state class 22 or 23), each record is written on its own and the ones refused are skipped with a warning,
     * so one bad record neither blocks the projection nor takes good ones with it; any other failure fails the batch,
     * which the caller retries.
     */
    public Uni<Void> applyDecisions(List<Decided> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return writeDecisions(batch).onFailure(Projections::refusedData).recoverWithUni(() -> {
            Uni<Void> oneByOne = Uni.createFrom().voidItem();
            for (Decided decided : batch) {
                oneByOne = oneByOne.chain(() -> writeDecisions(List.of(decided)).onFailure(Projections::refusedData)
                        .recoverWithItem(e -> {
                            LOG.warnf("skipping a record of triage.decisions that is not a decision (event %s): %s",
                                    decided.eventId(), e.getMessage());
                            return null;
                        }));
            }
            return oneByOne;
        });
    }

    private Uni<Void> writeDecisions(List<Decided> batch) {
        String[] ids = new String[batch.size()];
        String[] bodies = new String[batch.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = batch.get(i).eventId();
            bodies[i] = batch.get(i).body();
        }
        return pool.withTransaction(db -> db.preparedQuery(DECISIONS).execute(Tuple.of(ids, bodies))).replaceWithVoid();
    }

    private static boolean refusedData(Throwable failure) {
        return failure instanceof PgException pg && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
    }

    /**
     * Writes a batch of group events in one statement; a group's last event in the batch is the one that counts, and
     * only if it is newer than the stored one.
     */
    public Uni<Void> applyGroups(List<GroupChanged> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = batch.size();
        UUID[] ids = new UUID[size];
        Boolean[] open = new Boolean[size];
        OffsetDateTime[] lastSeen = new OffsetDateTime[size];
        String[] bodies = new String[size];
        OffsetDateTime[] occurredAt = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            AlertGroupEvent g = batch.get(i).event();
            ids[i] = g.groupId();
            open[i] = g.resolvedAt() == null;
            lastSeen[i] = time(g.lastSeen().truncatedTo(ChronoUnit.MICROS));
            bodies[i] = batch.get(i).body();
            occurredAt[i] = time(g.occurredAt());
        }
        return pool.withTransaction(db -> db.preparedQuery("""
                INSERT INTO alert_group (group_id, open, last_seen, body, occurred_at)
                SELECT DISTINCT ON (group_id) group_id, open, last_seen, body::jsonb, occurred_at
                FROM unnest($1::uuid[], $2::boolean[], $3::timestamptz[], $4::text[], $5::timestamptz[])
                    WITH ORDINALITY AS t(group_id, open, last_seen, body, occurred_at, n)
                ORDER BY group_id, occurred_at DESC, n DESC
                ON CONFLICT (group_id) DO UPDATE SET open = excluded.open, last_seen = excluded.last_seen,
                    body = excluded.body, occurred_at = excluded.occurred_at
                WHERE alert_group.occurred_at <= excluded.occurred_at""")
                .execute(Tuple.of(ids, open, lastSeen, bodies, occurredAt)).replaceWithVoid());
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

    private static <T> T read(JsonObject json, Class<T> type) {
        return Json.read(json.encode().getBytes(StandardCharsets.UTF_8), type);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
