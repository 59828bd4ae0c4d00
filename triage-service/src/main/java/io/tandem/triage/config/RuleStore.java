package io.tandem.triage.config;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.tandem.model.EventTypes;
import io.tandem.model.event.Envelope;
import io.tandem.model.json.Json;
import io.tandem.service.messaging.CloudEventMessages;
import io.tandem.triage.rules.Rule;
import io.tandem.triage.rules.RuleKind;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Rule definitions in PostgreSQL, published to the compacted {@code triage.config} (key {@code <kind>:<id>}, the rule
 * as JSON, a tombstone on delete) inside the same transaction, so a failed publish rolls the change back. At start,
 * every stored rule is published again, so the topic converges on the database even after a crash between commit
 * and acknowledgement.
 */
@ApplicationScoped
public class RuleStore {

    public static final String CHANNEL = "triage-config-out";
    private static final Logger LOG = Logger.getLogger(RuleStore.class);

    private final Pool pool;
    private final MutinyEmitter<Record<String, Object>> config;

    public RuleStore(Pool pool, @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                     MutinyEmitter<Record<String, Object>> config) {
        this.pool = pool;
        this.config = config;
    }

    void republish(@Observes StartupEvent start) {
        pool.withConnection(db -> db.query("SELECT kind, id, body FROM rule").execute())
                .map(rows -> {
                    List<Message<Record<String, Object>>> messages = new ArrayList<>();
                    for (Row row : rows) {
                        RuleKind kind = RuleKind.ofKey(row.getString("kind"));
                        if (kind != null) {
                            messages.add(message(kind, row.getUUID("id"), read(kind, row)));
                        }
                    }
                    return messages;
                })
                .chain(messages -> CloudEventMessages.sendAll(config, messages))
                .subscribe().with(ok -> { }, failure -> LOG.errorf("republishing triage rules failed: %s", failure.getMessage()));
    }

    public <T extends Rule> Uni<T> save(RuleKind kind, T rule, String actor) {
        return pool.withTransaction(db -> db.preparedQuery("""
                        INSERT INTO rule (kind, id, body, created_by, updated_at) VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at""")
                .execute(Tuple.of(kind.wire(), rule.id(), new JsonObject(new String(Json.write(rule), StandardCharsets.UTF_8)),
                        actor, OffsetDateTime.now(ZoneOffset.UTC)))
                .chain(() -> CloudEventMessages.send(config, message(kind, rule.id(), rule)))
                .replaceWith(rule));
    }

    /** Deletes a rule; false if there was none. */
    public Uni<Boolean> delete(RuleKind kind, UUID id) {
        return pool.withTransaction(db -> db.preparedQuery("DELETE FROM rule WHERE kind = $1 AND id = $2")
                .execute(Tuple.of(kind.wire(), id))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : CloudEventMessages.send(config, message(kind, id, null)).replaceWith(true)));
    }

    public <T extends Rule> Uni<T> get(RuleKind kind, UUID id) {
        return pool.withConnection(db -> get(db, kind, id));
    }

    <T extends Rule> Uni<T> get(SqlClient db, RuleKind kind, UUID id) {
        return db.preparedQuery("SELECT kind, id, body FROM rule WHERE kind = $1 AND id = $2")
                .execute(Tuple.of(kind.wire(), id))
                .map(rows -> rows.iterator().hasNext() ? this.<T>read(kind, rows.iterator().next()) : null);
    }

    public <T extends Rule> Uni<List<T>> list(RuleKind kind) {
        return pool.withConnection(db -> db.preparedQuery("SELECT kind, id, body FROM rule WHERE kind = $1 ORDER BY id")
                .execute(Tuple.of(kind.wire()))
                .map(rows -> {
                    List<T> rules = new ArrayList<>();
                    rows.forEach(row -> rules.add(read(kind, row)));
                    return rules;
                }));
    }

    @SuppressWarnings("unchecked")
    private <T extends Rule> T read(RuleKind kind, Row row) {
        return (T) Json.read(row.getJsonObject("body").encode().getBytes(StandardCharsets.UTF_8), kind.type());
    }

    private static Message<Record<String, Object>> message(RuleKind kind, UUID id, Object rule) {
        return CloudEventMessages.message(Envelope.of(EventTypes.of(kind.wire().replace("-", ""),
                rule == null ? "deleted" : "updated"), "triage", id.toString(), Instant.now()), kind.key(id), rule);
    }
}
