package io.tandem.incident.incident;

import io.smallrye.mutiny.Uni;
import io.tandem.model.Priority;
import io.tandem.model.Wire;
import io.tandem.model.incident.Incident;
import io.tandem.model.incident.IncidentAction;
import io.tandem.model.incident.IncidentKind;
import io.tandem.model.incident.IncidentStatus;
import io.tandem.model.signal.Severity;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * SQL over the reactive PostgreSQL client for incidents, their alerts, alert groups and timeline. Every method takes
 * the connection of the caller's transaction; an incident's state is one row, so a change is one {@code UPDATE}.
 */
@ApplicationScoped
public class IncidentRepository {

    public static final String COLUMNS = """
            id, seq, title, kind, status, priority, severity_id, team, assignee, commander, asset_keys, alert_group_ids,
            change_ids, possibly_change_induced, first_signal_at, opened_at, acknowledged_at, mitigated_at, resolved_at,
            closed_at, acknowledge_by, resolve_by, sla_breaches, merged_into, escalation_policy_id, alert_count""";

    /** True the first time {@code consumer} sees {@code eventId} (and records it), false for a duplicate. */
    public Uni<Boolean> firstTime(SqlClient db, String consumer, String eventId) {
        return db.preparedQuery("INSERT INTO processed_event (event_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(eventId, consumer))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<IncidentRow> find(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM incident WHERE id = $1").execute(Tuple.of(id))
                .map(IncidentRepository::first);
    }

    /** The incident, locked until the transaction ends; null when it does not exist. */
    public Uni<IncidentRow> lock(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM incident WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                .map(IncidentRepository::first);
    }

    public Uni<Void> insert(SqlClient db, Incident i, UUID escalationPolicyId) {
        Tuple t = Tuple.tuple()
                .addUUID(i.id()).addString(i.title()).addString(i.kind().wire()).addString(i.status().wire())
                .addString(i.priority().name()).addValue(i.severity() == null ? null : i.severity().id())
                .addString(i.team()).addString(i.assignee()).addString(i.commander())
                .addArrayOfString(i.assetKeys().toArray(String[]::new))
                .addArrayOfUUID(i.alertGroupIds().toArray(UUID[]::new))
                .addBoolean(i.possiblyChangeInduced()).addValue(time(i.firstSignalAt())).addValue(time(i.openedAt()))
                .addValue(time(i.acknowledgeBy())).addValue(time(i.resolveBy())).addUUID(escalationPolicyId);
        return db.preparedQuery("""
                        INSERT INTO incident (id, title, kind, status, priority, severity_id, team, assignee, commander,
                                              asset_keys, alert_group_ids, possibly_change_induced, first_signal_at,
                                              opened_at, acknowledge_by, resolve_by, escalation_policy_id)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
                        """).execute(t).replaceWithVoid();
    }

    /**
     * Applies {@code set} (an SQL {@code SET} list over {@code params}, whose first value is the incident id) and bumps
     * the change counter; returns the new state.
     */
    public Uni<IncidentRow> update(SqlClient db, String set, Tuple params) {
        return db.preparedQuery("UPDATE incident SET " + set + ", seq = seq + 1 WHERE id = $1 RETURNING " + COLUMNS)
                .execute(params).map(IncidentRepository::first);
    }

    /** Bumps the change counter of a change that is only on the timeline (a note, a linked group); the new state. */
    public Uni<IncidentRow> bump(SqlClient db, UUID id) {
        return db.preparedQuery("UPDATE incident SET seq = seq + 1 WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id)).map(IncidentRepository::first);
    }

    /** Records one signal on an incident; false when that signal was attached before. */
    public Uni<Boolean> attach(SqlClient db, UUID incidentId, Alert alert, Instant now) {
        return db.preparedQuery("""
                        INSERT INTO incident_alert (signal_id, incident_id, alert_group_id, alert_id, fingerprint, title,
                                                    kind, severity_id, asset_key, observed_at, attached_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING
                        """)
                .execute(Tuple.tuple().addUUID(alert.signalId()).addUUID(incidentId).addUUID(alert.alertGroupId())
                        .addUUID(alert.alertId()).addString(alert.fingerprint()).addString(alert.title())
                        .addString(alert.kind().wire()).addInteger(alert.severity().id()).addString(alert.assetKey())
                        .addValue(time(alert.observedAt())).addValue(time(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The incident an alert group feeds now, locking the group so concurrent decisions for it serialize; may be null. */
    public Uni<UUID> lockGroup(SqlClient db, UUID groupId, Instant now) {
        return db.preparedQuery("""
                        INSERT INTO alert_group (group_id, updated_at) VALUES ($1, $2)
                        ON CONFLICT (group_id) DO UPDATE SET updated_at = greatest(alert_group.updated_at, excluded.updated_at)
                        RETURNING incident_id
                        """).execute(Tuple.of(groupId, time(now)))
                .map(rows -> rows.iterator().next().getUUID("incident_id"));
    }

    public Uni<Void> feed(SqlClient db, UUID groupId, UUID incidentId) {
        return db.preparedQuery("UPDATE alert_group SET incident_id = $2, resolved_at = NULL WHERE group_id = $1")
                .execute(Tuple.of(groupId, incidentId)).replaceWithVoid();
    }

    /** Marks a group resolved (or open again when {@code resolvedAt} is null); returns the incident it feeds, or null. */
    public Uni<UUID> groupResolved(SqlClient db, UUID groupId, Instant resolvedAt, Instant now) {
        return db.preparedQuery("""
                        INSERT INTO alert_group (group_id, resolved_at, updated_at) VALUES ($1, $2, $3)
                        ON CONFLICT (group_id) DO UPDATE SET resolved_at = excluded.resolved_at, updated_at = excluded.updated_at
                        RETURNING incident_id
                        """).execute(Tuple.of(groupId, time(resolvedAt), time(now)))
                .map(rows -> rows.iterator().next().getUUID("incident_id"));
    }

    /** How many alert groups feeding the incident are still unresolved. */
    public Uni<Long> openGroups(SqlClient db, UUID incidentId) {
        return db.preparedQuery("SELECT count(*) AS n FROM alert_group WHERE incident_id = $1 AND resolved_at IS NULL")
                .execute(Tuple.of(incidentId)).map(rows -> rows.iterator().next().getLong("n"));
    }

    /** Moves alerts and groups of {@code from} to {@code into} (merge). */
    public Uni<Void> moveAll(SqlClient db, UUID from, UUID into) {
        return db.preparedQuery("UPDATE incident_alert SET incident_id = $2 WHERE incident_id = $1").execute(Tuple.of(from, into))
                .chain(() -> db.preparedQuery("UPDATE alert_group SET incident_id = $2 WHERE incident_id = $1")
                        .execute(Tuple.of(from, into)))
                .replaceWithVoid();
    }

    public Uni<Void> timeline(SqlClient db, UUID incidentId, Instant at, String actor, IncidentAction action, String detail) {
        return db.preparedQuery("INSERT INTO timeline_entry (incident_id, at, actor, action, detail) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(incidentId, time(at), actor, action.wire(), detail)).replaceWithVoid();
    }

    /** Up to {@code limit + 1} timeline entries after entry {@code after} (oldest first). */
    public Uni<List<TimelineEntry>> timeline(SqlClient db, UUID incidentId, long after, int limit) {
        return db.preparedQuery("""
                        SELECT id, at, actor, action, detail FROM timeline_entry
                         WHERE incident_id = $1 AND id > $2 ORDER BY id LIMIT $3
                        """).execute(Tuple.of(incidentId, after, limit + 1))
                .map(rows -> {
                    List<TimelineEntry> entries = new ArrayList<>();
                    rows.forEach(r -> entries.add(new TimelineEntry(r.getLong("id"), instant(r, "at"), r.getString("actor"),
                            Wire.parse(IncidentAction.class, r.getString("action")), r.getString("detail"))));
                    return entries;
                });
    }

    /** Up to {@code limit + 1} alerts of the incident after signal {@code after} in attach order. */
    public Uni<List<Alert>> alerts(SqlClient db, UUID incidentId, Alert.Key after, int limit) {
        Tuple params = Tuple.of(incidentId, limit + 1);
        String where = "";
        if (after != null) {
            params.addValue(time(after.attachedAt())).addUUID(after.signalId());
            where = " AND (attached_at, signal_id) > ($3, $4)";
        }
        return db.preparedQuery("""
                        SELECT signal_id, alert_group_id, alert_id, fingerprint, title, kind, severity_id, asset_key,
                               observed_at, attached_at
                          FROM incident_alert WHERE incident_id = $1""" + where
                        + " ORDER BY attached_at, signal_id LIMIT $2").execute(params)
                .map(rows -> {
                    List<Alert> alerts = new ArrayList<>();
                    rows.forEach(r -> alerts.add(new Alert(r.getUUID("signal_id"), r.getUUID("alert_group_id"),
                            r.getUUID("alert_id"), r.getString("fingerprint"), r.getString("title"),
                            Wire.parse(io.tandem.model.signal.SignalKind.class, r.getString("kind")),
                            Severity.of(r.getInteger("severity_id")), r.getString("asset_key"), instant(r, "observed_at"),
                            instant(r, "attached_at"))));
                    return alerts;
                });
    }

    /** Up to {@code query.limit() + 1} incidents matching the query, newest first. */
    public Uni<List<Incident>> list(SqlClient db, IncidentQuery query) {
        List<String> where = new ArrayList<>();
        Tuple params = Tuple.tuple();
        if (query.status() != null) {
            params.addString(query.status().wire());
            where.add("status = $" + params.size());
        }
        if (query.team() != null) {
            params.addString(query.team());
            where.add("team = $" + params.size());
        }
        if (query.priority() != null) {
            params.addString(query.priority().name());
            where.add("priority = $" + params.size());
        }
        if (query.kind() != null) {
            params.addString(query.kind().wire());
            where.add("kind = $" + params.size());
        }
        if (query.assignee() != null) {
            params.addString(query.assignee());
            where.add("assignee = $" + params.size());
        }
        if (query.after() != null) {
            params.addValue(time(query.after().openedAt())).addUUID(query.after().id());
            where.add("(opened_at, id) < ($" + (params.size() - 1) + ", $" + params.size() + ")");
        }
        params.addInteger(query.limit() + 1);
        String sql = "SELECT " + COLUMNS + " FROM incident" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY opened_at DESC, id DESC LIMIT $" + params.size();
        return db.preparedQuery(sql).execute(params).map(rows -> {
            List<Incident> incidents = new ArrayList<>();
            rows.forEach(r -> incidents.add(row(r).incident()));
            return incidents;
        });
    }

    static IncidentRow first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : row(rows.iterator().next());
    }

    public static IncidentRow row(Row r) {
        Integer severity = r.getInteger("severity_id");
        Incident incident = new Incident(r.getUUID("id"), r.getString("title"),
                Wire.parse(IncidentKind.class, r.getString("kind")), Wire.parse(IncidentStatus.class, r.getString("status")),
                Priority.valueOf(r.getString("priority")), severity == null ? null : Severity.of(severity),
                r.getString("team"), r.getString("assignee"), r.getString("commander"),
                Arrays.asList(r.getArrayOfStrings("asset_keys")), Arrays.asList(r.getArrayOfUUIDs("alert_group_ids")),
                Arrays.asList(r.getArrayOfUUIDs("change_ids")), r.getBoolean("possibly_change_induced"),
                instant(r, "first_signal_at"), instant(r, "opened_at"), instant(r, "acknowledged_at"),
                instant(r, "mitigated_at"), instant(r, "resolved_at"), instant(r, "closed_at"),
                instant(r, "acknowledge_by"), instant(r, "resolve_by"), Arrays.asList(r.getArrayOfStrings("sla_breaches")),
                r.getUUID("merged_into"));
        return new IncidentRow(incident, r.getLong("seq"), r.getUUID("escalation_policy_id"), r.getInteger("alert_count"));
    }

    public static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
