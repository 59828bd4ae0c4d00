package io.tandem.change.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.change.support.Clocks;
import io.tandem.model.Wire;
import io.tandem.model.change.Risk;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.Problem.FieldError;
import io.tandem.service.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Standard change templates: created by change managers, read by everyone, used by standard changes. */
@ApplicationScoped
public class TemplateService {

    private static final String COLUMNS = "id, name, description, rollback_plan, risk, created_by, created_at";

    private final Pool pool;
    private final Clock clock;

    public TemplateService(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    public Uni<ChangeTemplate> create(JsonNode body, String actor) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("body", "must be a JSON object");
        }
        String name = body.path("name").asText("").trim();
        if (name.isEmpty()) {
            errors.add(new FieldError("name", "missing required field"));
        }
        Risk risk = null;
        try {
            risk = body.hasNonNull("risk") ? Wire.parse(Risk.class, body.get("risk").asText()) : Risk.LOW;
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("risk", e.getMessage()));
        }
        String rollbackPlan = body.path("rollbackPlan").asText("").trim();
        if (rollbackPlan.isEmpty()) {
            errors.add(new FieldError("rollbackPlan", "a standard change is pre-approved with its rollback plan"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "invalid change template", errors);
        }
        ChangeTemplate template = new ChangeTemplate(UUID.randomUUID(), name, body.path("description").asText(null),
                rollbackPlan, risk, actor, Clocks.now(clock));
        return pool.preparedQuery("INSERT INTO change_template (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.tuple().addUUID(template.id()).addString(name).addString(template.description())
                        .addString(rollbackPlan).addString(risk.wire()).addString(actor)
                        .addValue(template.createdAt().atOffset(ZoneOffset.UTC)))
                .replaceWith(template);
    }

    public Uni<ChangeTemplate> get(UUID id) {
        return pool.withConnection(db -> find(db, id));
    }

    /** The template, or null; used inside a change's transaction. */
    public Uni<ChangeTemplate> find(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM change_template WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : template(rows.iterator().next()));
    }

    public Uni<Page<ChangeTemplate>> list(UUID after, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM change_template WHERE $1::uuid IS NULL OR id > $1"
                        + " ORDER BY id LIMIT " + (limit + 1))
                .execute(Tuple.of(after))
                .map(rows -> {
                    List<ChangeTemplate> templates = new ArrayList<>();
                    rows.forEach(r -> templates.add(template(r)));
                    return Page.of(templates, limit, t -> t.id().toString());
                });
    }

    private static ChangeTemplate template(Row row) {
        return new ChangeTemplate(row.getUUID("id"), row.getString("name"), row.getString("description"),
                row.getString("rollback_plan"), Wire.parse(Risk.class, row.getString("risk")),
                row.getString("created_by"), row.getOffsetDateTime("created_at").toInstant());
    }
}
