package io.tandem.change.request;

import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.tandem.model.Wire;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeStatus;
import io.tandem.model.change.ChangeType;
import io.tandem.model.change.Risk;
import io.tandem.model.change.SecurityImpact;
import io.tandem.model.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL of change requests, approvals, the audit trail and incident links. */
@ApplicationScoped
public class ChangeRepository {

    private static final TypeReference<List<ChangeRequest.Approval>> APPROVALS = new TypeReference<>() {
    };
    private static final TypeReference<List<Conflict>> CONFLICTS = new TypeReference<>() {
    };

    /** Every column of a change request as {@link #change(Row)} reads it, for {@code FROM change_request c}. */
    static final String COLUMNS = """
            c.id, c.title, c.description, c.type, c.status, c.template_id, c.risk, c.computed_risk, c.risk_reason,
            c.requester, c.asset_ids, c.asset_keys, c.planned_start, c.planned_end, c.rollback_plan,
            c.security_impact::text AS security_impact, c.temporary, c.expires_at, c.required_approvals,
            c.conflicts::text AS conflicts, c.unauthorized, c.caused_incident, c.started_at, c.completed_at,
            c.rolled_back_at, c.review_due_at, c.reviewed_at, c.reviewed_by, c.created_at, c.updated_at,
            COALESCE((SELECT json_agg(json_build_object('approver', a.approver, 'approvedAt', a.approved_at,
                                                        'comment', a.comment) ORDER BY a.approved_at, a.approver)
                        FROM change_approval a WHERE a.change_id = c.id), '[]')::text AS approvals,
            COALESCE((SELECT array_agg(i.incident_id ORDER BY i.linked_at, i.incident_id)
                        FROM change_incident i WHERE i.change_id = c.id), '{}') AS incident_ids
            """;

    public Uni<Void> insert(SqlClient db, ChangeRequest c) {
        return db.preparedQuery("""
                        INSERT INTO change_request (id, title, description, type, status, template_id, risk,
                               computed_risk, risk_reason, requester, asset_ids, asset_keys, planned_start, planned_end,
                               rollback_plan, security_impact, temporary, expires_at, required_approvals, unauthorized,
                               started_at, completed_at, review_due_at, created_at, updated_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::text::jsonb, $17, $18,
                                $19, $20, $21, $22, $23, $24, $24)
                        ON CONFLICT (id) DO NOTHING
                        """)
                .execute(Tuple.tuple().addUUID(c.id()).addString(c.title()).addString(c.description())
                        .addString(c.type().wire()).addString(c.status().wire()).addUUID(c.templateId())
                        .addString(c.risk().wire()).addString(c.computedRisk().wire()).addString(c.riskReason())
                        .addString(c.requester()).addArrayOfUUID(c.assetIds().toArray(UUID[]::new))
                        .addArrayOfString(c.assetKeys().toArray(String[]::new))
                        .addValue(at(c.plannedStart())).addValue(at(c.plannedEnd())).addString(c.rollbackPlan())
                        .addString(json(c.securityImpact())).addBoolean(c.temporary()).addValue(at(c.expiresAt()))
                        .addShort((short) c.requiredApprovals()).addBoolean(c.unauthorized())
                        .addValue(at(c.startedAt())).addValue(at(c.completedAt())).addValue(at(c.reviewDueAt()))
                        .addValue(at(c.createdAt())))
                .replaceWithVoid();
    }

    /** Replaces what a draft's owner may edit. */
    public Uni<Void> replace(SqlClient db, ChangeRequest c) {
        return db.preparedQuery("""
                        UPDATE change_request SET title = $2, description = $3, type = $4, template_id = $5, risk = $6,
                               computed_risk = $7, risk_reason = $8, asset_ids = $9, asset_keys = $10,
                               planned_start = $11, planned_end = $12, rollback_plan = $13, security_impact = $14::text::jsonb,
                               temporary = $15, expires_at = $16, required_approvals = $17, updated_at = $18
                         WHERE id = $1
                        """)
                .execute(Tuple.tuple().addUUID(c.id()).addString(c.title()).addString(c.description())
                        .addString(c.type().wire()).addUUID(c.templateId()).addString(c.risk().wire())
                        .addString(c.computedRisk().wire()).addString(c.riskReason())
                        .addArrayOfUUID(c.assetIds().toArray(UUID[]::new))
                        .addArrayOfString(c.assetKeys().toArray(String[]::new))
                        .addValue(at(c.plannedStart())).addValue(at(c.plannedEnd())).addString(c.rollbackPlan())
                        .addString(json(c.securityImpact())).addBoolean(c.temporary()).addValue(at(c.expiresAt()))
                        .addShort((short) c.requiredApprovals()).addValue(at(c.updatedAt())))
                .replaceWithVoid();
    }

    public Uni<Boolean> delete(SqlClient db, UUID id) {
        return db.preparedQuery("DELETE FROM change_request WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<ChangeRequest> find(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM change_request c WHERE c.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : change(rows.iterator().next()));
    }

    /** Locks the change row for the rest of the transaction and reads it; null when it does not exist. */
    public Uni<ChangeRequest> lock(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT id FROM change_request WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().nullItem() : find(db, id));
    }

    /** Moves the change to {@code status}; {@code stamp} names a timestamp column set to {@code now} as well. */
    public Uni<Void> status(SqlClient db, UUID id, ChangeStatus status, String stamp, Instant now) {
        String extra = stamp == null ? "" : ", " + stamp + " = $3";
        return db.preparedQuery("UPDATE change_request SET status = $2, updated_at = $3" + extra + " WHERE id = $1")
                .execute(Tuple.of(id, status.wire(), at(now))).replaceWithVoid();
    }

    /** Sets one column of the change (a fixed name chosen by the caller, never user input) and updated_at. */
    public Uni<Void> set(SqlClient db, UUID id, String column, Object value, Instant now) {
        return db.preparedQuery("UPDATE change_request SET " + column + " = $2, updated_at = $3 WHERE id = $1")
                .execute(Tuple.of(id, value instanceof Instant i ? at(i) : value, at(now))).replaceWithVoid();
    }

    public Uni<Void> conflicts(SqlClient db, UUID id, List<Conflict> conflicts) {
        return db.preparedQuery("UPDATE change_request SET conflicts = $2::text::jsonb WHERE id = $1")
                .execute(Tuple.of(id, json(conflicts))).replaceWithVoid();
    }

    /** Records an approval; false when this approver already approved the change. */
    public Uni<Boolean> approve(SqlClient db, UUID id, String approver, String comment, Instant now) {
        return db.preparedQuery("""
                        INSERT INTO change_approval (change_id, approver, approved_at, comment) VALUES ($1, $2, $3, $4)
                        ON CONFLICT DO NOTHING
                        """)
                .execute(Tuple.of(id, approver, at(now), comment)).map(rows -> rows.rowCount() == 1);
    }

    /** Links an incident to the change; false when it was linked already. */
    public Uni<Boolean> linkIncident(SqlClient db, UUID id, UUID incidentId, Instant now) {
        return db.preparedQuery("""
                        INSERT INTO change_incident (change_id, incident_id, linked_at) VALUES ($1, $2, $3)
                        ON CONFLICT DO NOTHING
                        """)
                .execute(Tuple.of(id, incidentId, at(now))).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> audit(SqlClient db, UUID id, ChangeAction action, ChangeStatus from, ChangeStatus to, String actor,
                           String detail, Instant at) {
        return db.preparedQuery("""
                        INSERT INTO change_audit (change_id, action, from_status, to_status, actor, detail, occurred_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)
                        """)
                .execute(Tuple.tuple().addUUID(id).addString(action.wire()).addString(from == null ? null : from.wire())
                        .addString(to.wire()).addString(actor).addString(detail).addValue(at(at)))
                .replaceWithVoid();
    }

    public Uni<List<AuditEntry>> auditTrail(SqlClient db, UUID id) {
        return db.preparedQuery("""
                        SELECT action, from_status, to_status, actor, detail, occurred_at FROM change_audit
                         WHERE change_id = $1 ORDER BY seq
                        """)
                .execute(Tuple.of(id))
                .map(rows -> {
                    List<AuditEntry> entries = new ArrayList<>();
                    rows.forEach(r -> entries.add(new AuditEntry(Wire.parse(ChangeAction.class, r.getString("action")),
                            r.getString("from_status") == null ? null : Wire.parse(ChangeStatus.class, r.getString("from_status")),
                            Wire.parse(ChangeStatus.class, r.getString("to_status")), r.getString("actor"),
                            r.getString("detail"), instant(r, "occurred_at"))));
                    return entries;
                });
    }

    /** Changes matching {@code where} (a condition on {@code c} with its parameters in {@code params}), in id order. */
    public Uni<List<ChangeRequest>> select(SqlClient db, String where, Tuple params, int limit) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM change_request c WHERE " + where
                        + " ORDER BY c.id LIMIT " + limit)
                .execute(params).map(ChangeRepository::changes);
    }

    static List<ChangeRequest> changes(RowSet<Row> rows) {
        List<ChangeRequest> result = new ArrayList<>();
        rows.forEach(row -> result.add(change(row)));
        return result;
    }

    static ChangeRequest change(Row row) {
        String impact = row.getString("security_impact");
        UUID[] assetIds = row.getArrayOfUUIDs("asset_ids");
        String[] keys = row.getArrayOfStrings("asset_keys");
        UUID[] incidents = row.getArrayOfUUIDs("incident_ids");
        return new ChangeRequest(row.getUUID("id"), row.getString("title"), row.getString("description"),
                Wire.parse(ChangeType.class, row.getString("type")), Wire.parse(ChangeStatus.class, row.getString("status")),
                row.getUUID("template_id"), Wire.parse(Risk.class, row.getString("risk")),
                Wire.parse(Risk.class, row.getString("computed_risk")), row.getString("risk_reason"),
                row.getString("requester"), List.of(assetIds), List.of(keys), instant(row, "planned_start"),
                instant(row, "planned_end"), row.getString("rollback_plan"),
                impact == null ? null : Json.read(impact.getBytes(StandardCharsets.UTF_8), SecurityImpact.class),
                row.getBoolean("temporary"), instant(row, "expires_at"), row.getShort("required_approvals"),
                read(row.getString("approvals"), APPROVALS), read(row.getString("conflicts"), CONFLICTS),
                row.getBoolean("unauthorized"), incidents == null ? List.of() : List.of(incidents),
                row.getBoolean("caused_incident"), instant(row, "started_at"), instant(row, "completed_at"),
                instant(row, "rolled_back_at"), instant(row, "review_due_at"), instant(row, "reviewed_at"),
                row.getString("reviewed_by"), instant(row, "created_at"), instant(row, "updated_at"));
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static String json(Object value) {
        return value == null ? null : new String(Json.write(value), StandardCharsets.UTF_8);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable stored JSON: " + e.getMessage(), e);
        }
    }
}
