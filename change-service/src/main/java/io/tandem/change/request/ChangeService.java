package io.tandem.change.request;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tandem.change.ChangeConfig;
import io.tandem.change.asset.AssetDirectory;
import io.tandem.change.asset.KnownAsset;
import io.tandem.change.blackout.BlackoutService;
import io.tandem.change.blackout.BlackoutWindow;
import io.tandem.change.support.Clocks;
import io.tandem.change.template.ChangeTemplate;
import io.tandem.change.template.TemplateService;
import io.tandem.change.request.Transitions.Command;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.change.ChangeStatus;
import io.tandem.model.change.ChangeType;
import io.tandem.model.change.Risk;
import io.tandem.model.incident.Incident;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.Problem.FieldError;
import io.tandem.service.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Change requests and their lifecycle. Each command runs in one transaction that locks the change, checks the
 * transition, the role-independent rules (segregation of duties, approvals needed) and conflicts, writes the audit
 * line and publishes the resulting state on {@code changes.events} before it commits.
 */
@ApplicationScoped
public class ChangeService {

    /** Statuses in which a change occupies its window for conflict detection. */
    static final List<String> SCHEDULED = List.of(ChangeStatus.SUBMITTED.wire(), ChangeStatus.APPROVED.wire(),
            ChangeStatus.IN_PROGRESS.wire());

    /** Statuses of changes still to be carried out or running, whose asset keys follow inventory. */
    static final List<String> OPEN = List.of(ChangeStatus.DRAFT.wire(), ChangeStatus.SUBMITTED.wire(),
            ChangeStatus.APPROVED.wire(), ChangeStatus.IN_PROGRESS.wire());

    private final Pool pool;
    private final ChangeRepository repository;
    private final ChangePublisher publisher;
    private final AssetDirectory assets;
    private final TemplateService templates;
    private final BlackoutService blackouts;
    private final ChangeConfig config;
    private final Clock clock;

    public ChangeService(Pool pool, ChangeRepository repository, ChangePublisher publisher, AssetDirectory assets,
                         TemplateService templates, BlackoutService blackouts, ChangeConfig config, Clock clock) {
        this.pool = pool;
        this.repository = repository;
        this.publisher = publisher;
        this.assets = assets;
        this.templates = templates;
        this.blackouts = blackouts;
        this.config = config;
        this.clock = clock;
    }

    @WithSpan
    public Uni<ChangeRequest> create(ChangeInput input, String requester) {
        Instant now = Clocks.now(clock);
        UUID id = UUID.randomUUID();
        return pool.withTransaction(db -> resolve(db, id, input, requester, now, now)
                .call(change -> repository.insert(db, change))
                .chain(change -> record(db, change, ChangeAction.CREATED, ChangeStatus.DRAFT, requester, null, now)));
    }

    /**
     * Opens the draft change a postmortem action item asks for ({@code change-requested} on {@code incidents.events}),
     * with the request's id as its id, so a redelivered or republished request opens it only once. Asset keys that
     * inventory does not know are left out; the requester completes the draft before submitting it.
     */
    @WithSpan
    public Uni<Boolean> requested(Incident incident, io.tandem.model.incident.ChangeRequest request) {
        Instant now = Clocks.now(clock);
        return pool.withTransaction(db -> repository.find(db, request.id()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(false);
            }
            return Multi.createFrom().iterable(request.assetKeys())
                    .onItem().transformToUniAndConcatenate(key -> assets.findByKey(db, List.of(key)))
                    .filter(Objects::nonNull).map(KnownAsset::id).collect().asList()
                    .chain(ids -> {
                        String origin = "Requested by a postmortem action item of incident " + incident.id() + " ('"
                                + incident.title() + "')" + (request.owner() == null ? "" : ", owner " + request.owner())
                                + (request.dueDate() == null ? "" : ", due " + request.dueDate()) + ".";
                        ChangeInput input = new ChangeInput(request.title(), request.description() == null ? origin
                                : request.description() + "\n\n" + origin, ChangeType.NORMAL, null,
                                List.copyOf(new LinkedHashSet<>(ids)), null, null, null, null, null, null, false, null);
                        return resolve(db, request.id(), input, request.requestedBy(), now, now)
                                .call(change -> repository.insert(db, change))
                                .chain(change -> record(db, change, ChangeAction.CREATED, ChangeStatus.DRAFT,
                                        request.requestedBy(), origin, now))
                                .replaceWith(true);
                    });
        }));
    }

    /** Replaces a draft; null when it does not exist. */
    @WithSpan
    public Uni<ChangeRequest> replace(UUID id, ChangeInput input, String actor) {
        Instant now = Clocks.now(clock);
        return command(id, (db, change) -> {
            Transitions.checkEditable(change.status(), "edited");
            return resolve(db, id, input, change.requester(), change.createdAt(), now)
                    .call(updated -> repository.replace(db, updated))
                    .chain(updated -> record(db, change, ChangeAction.UPDATED, ChangeStatus.DRAFT, actor, "edited", now));
        });
    }

    /** Deletes a draft; false when it does not exist. */
    public Uni<Boolean> delete(UUID id) {
        return pool.withTransaction(db -> repository.lock(db, id).chain(change -> {
            if (change == null) {
                return Uni.createFrom().item(false);
            }
            Transitions.checkEditable(change.status(), "deleted");
            return repository.delete(db, id);
        }));
    }

    public Uni<ChangeRequest> get(UUID id) {
        return pool.withConnection(db -> repository.find(db, id));
    }

    /** The audit trail, oldest first; null when the change does not exist. */
    public Uni<List<AuditEntry>> audit(UUID id) {
        return pool.withConnection(db -> repository.find(db, id).chain(change -> change == null
                ? Uni.createFrom().nullItem() : repository.auditTrail(db, id)));
    }

    /**
     * Lists changes in id order. {@code assetKeys} (any of them, as a signal or inventory names the asset) and
     * {@code assetId} filter by asset; {@code activeAt} keeps changes whose planned or actual window holds it.
     */
    public Uni<Page<ChangeRequest>> list(UUID assetId, List<String> assetKeys, Instant activeAt, ChangeStatus status,
                                         UUID after, int limit) {
        Tuple params = Tuple.tuple();
        List<String> where = new ArrayList<>();
        if (assetId != null || assetKeys != null) {
            params.addUUID(assetId);
            params.addArrayOfString(assetKeys == null ? new String[0] : assetKeys.toArray(String[]::new));
            where.add("($1::uuid IS NOT NULL AND c.asset_ids @> ARRAY[$1::uuid] OR c.asset_keys && $2)");
        }
        if (activeAt != null) {
            params.addValue(ChangeRepository.at(activeAt));
            int p = params.size();
            where.add(("((c.planned_start <= $%1$d AND c.planned_end >= $%1$d) OR (c.started_at <= $%1$d AND"
                    + " COALESCE(c.completed_at, c.rolled_back_at, 'infinity') >= $%1$d))").formatted(p));
        }
        if (status != null) {
            params.addString(status.wire());
            where.add("c.status = $" + params.size());
        }
        if (after != null) {
            params.addUUID(after);
            where.add("c.id > $" + params.size());
        }
        String condition = where.isEmpty() ? "true" : String.join(" AND ", where);
        return pool.withConnection(db -> repository.select(db, condition, params, limit + 1))
                .map(rows -> Page.of(rows, limit, c -> c.id().toString()));
    }

    /**
     * Submits a draft: reports conflicts with other changes on the same assets or in their blast radius and with
     * maintenance windows, and refuses a window in a blackout unless the change is an emergency. A standard change
     * is approved by its template at once.
     */
    @WithSpan
    public Uni<ChangeRequest> submit(UUID id, String actor) {
        Instant now = Clocks.now(clock);
        return command(id, (db, change) -> {
            Transitions.check(Command.SUBMIT, change.type(), change.status());
            requireComplete(change);
            return conflicts(db, change).chain(conflicts -> repository.conflicts(db, id, conflicts)
                    .chain(() -> repository.status(db, id, ChangeStatus.SUBMITTED, null, now))
                    .chain(() -> record(db, change, ChangeAction.SUBMITTED, ChangeStatus.SUBMITTED, actor,
                            conflicts.isEmpty() ? null : conflicts.size() + " conflict(s): " + String.join("; ",
                                    conflicts.stream().map(Conflict::detail).toList()), now)))
                    .chain(submitted -> change.type() != ChangeType.STANDARD ? Uni.createFrom().item(submitted)
                            : repository.status(db, id, ChangeStatus.APPROVED, null, now)
                            .chain(() -> record(db, submitted, ChangeAction.APPROVED, ChangeStatus.APPROVED,
                                    "template:" + change.templateId(), "pre-approved standard change", now)));
        });
    }

    /** A draft opened for someone (a postmortem's request) may lack what submitting needs: a 400 names each gap. */
    private static void requireComplete(ChangeRequest change) {
        List<FieldError> missing = new ArrayList<>();
        if (change.plannedStart() == null || change.plannedEnd() == null) {
            missing.add(new FieldError("plannedStart", "a planned window is required before submitting"));
        }
        if (change.type() != ChangeType.STANDARD && change.rollbackPlan() == null) {
            missing.add(new FieldError("rollbackPlan", "required for " + change.type().wire() + " changes"));
        }
        if (change.type() != ChangeType.STANDARD && change.securityImpact() == null) {
            missing.add(new FieldError("securityImpact", "required for " + change.type().wire() + " changes"));
        }
        if (!missing.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "complete the draft before submitting it: " + String.join(", ",
                    missing.stream().map(FieldError::field).toList()), missing);
        }
    }

    /**
     * Records a change manager's approval. The requester can never approve their own change; the change is approved
     * once it has the approvals it needs (two when risk is high or security impact is not none).
     */
    @WithSpan
    public Uni<ChangeRequest> approve(UUID id, String approver, String comment) {
        Instant now = Clocks.now(clock);
        return command(id, (db, change) -> {
            Transitions.check(Command.APPROVE, change.type(), change.status());
            segregate(change, approver, "approve");
            return repository.approve(db, id, approver, comment, now).chain(first -> {
                if (!first) {
                    throw ProblemException.conflict(change.status().wire(), approver + " already approved this change;"
                            + " another change manager must give the next approval");
                }
                int given = change.approvals().size() + 1;
                String detail = "approval " + given + " of " + change.requiredApprovals() + " by " + approver
                        + (comment == null ? "" : ": " + comment);
                if (given < change.requiredApprovals()) {
                    return record(db, change, ChangeAction.UPDATED, change.status(), approver,
                            detail + "; awaiting a second approval (" + secondApprovalReason(change) + ")", now);
                }
                return repository.status(db, id, ChangeStatus.APPROVED, null, now)
                        .chain(() -> record(db, change, ChangeAction.APPROVED, ChangeStatus.APPROVED, approver, detail, now));
            });
        });
    }

    /** A lifecycle step other than submit and approve; {@code note} goes into the audit trail. */
    @WithSpan
    public Uni<ChangeRequest> transition(UUID id, Command command, String actor, String note) {
        Instant now = Clocks.now(clock);
        return command(id, (db, change) -> {
            Transitions.check(command, change.type(), change.status());
            String stamp = switch (command) {
                case START -> "started_at";
                case COMPLETE -> "completed_at";
                case ROLLBACK -> "rolled_back_at";
                default -> null;
            };
            String detail = note;
            Uni<Void> extra = Uni.createFrom().voidItem();
            if (command == Command.START && change.type() == ChangeType.EMERGENCY) {
                Instant due = now.plus(config.emergency().reviewWithin());
                extra = repository.set(db, id, "review_due_at", due, now);
                detail = (change.status() == ChangeStatus.SUBMITTED ? "emergency started before approval; " : "")
                        + "post-implementation review due by " + due + (note == null ? "" : "; " + note);
            }
            String auditDetail = detail;
            return extra.chain(() -> repository.status(db, id, command.target, stamp, now))
                    .chain(() -> record(db, change, command.action, command.target, actor, auditDetail, now));
        });
    }

    /** The post-implementation review of a started emergency change, by someone other than its requester. */
    @WithSpan
    public Uni<ChangeRequest> review(UUID id, String reviewer, String notes) {
        Instant now = Clocks.now(clock);
        return command(id, (db, change) -> {
            if (change.type() != ChangeType.EMERGENCY || change.startedAt() == null) {
                throw ProblemException.conflict(change.status().wire(),
                        "only an emergency change that has started gets a post-implementation review");
            }
            if (change.reviewedAt() != null) {
                throw ProblemException.conflict(change.status().wire(), "already reviewed by " + change.reviewedBy());
            }
            segregate(change, reviewer, "review");
            return repository.set(db, id, "reviewed_at", now, now)
                    .chain(() -> repository.set(db, id, "reviewed_by", reviewer, now))
                    .chain(() -> record(db, change, ChangeAction.UPDATED, change.status(), reviewer,
                            "post-implementation review" + (notes == null ? "" : ": " + notes), now));
        });
    }

    /** Keeps a temporary change for good, so it no longer expires. */
    @WithSpan
    public Uni<ChangeRequest> makePermanent(UUID id, String actor, String reason) {
        Instant now = Clocks.now(clock);
        return command(id, (db, change) -> {
            if (!change.temporary()) {
                throw ProblemException.conflict(change.status().wire(), "the change is not temporary");
            }
            return repository.set(db, id, "temporary", false, now)
                    .chain(() -> repository.set(db, id, "expires_at", null, now))
                    .chain(() -> record(db, change, ChangeAction.UPDATED, change.status(), actor,
                            "made permanent" + (reason == null ? "" : ": " + reason), now));
        });
    }

    /**
     * Gives the changes not yet done on {@code assetId} their assets' current keys and publishes each one whose keys
     * changed, so triage matches signals that name the asset by a new identifier. Event ids derive from the asset
     * state, so a redelivered asset state publishes nothing new.
     */
    public Uni<Void> refreshAssetKeys(SqlClient db, UUID assetId, Instant assetUpdatedAt) {
        Instant now = Clocks.now(clock);
        return db.preparedQuery("""
                        WITH fresh AS (
                            SELECT c.id, ARRAY(SELECT k.key FROM unnest(c.asset_ids) WITH ORDINALITY AS i(asset_id, n)
                                                 JOIN asset a ON a.id = i.asset_id
                                                 CROSS JOIN unnest(a.keys) WITH ORDINALITY AS k(key, m)
                                                GROUP BY k.key ORDER BY min(i.n * 10000 + k.m)) AS keys
                              FROM change_request c
                             WHERE c.asset_ids @> ARRAY[$1::uuid] AND c.status = ANY($3)
                        )
                        UPDATE change_request c SET asset_keys = fresh.keys, updated_at = $2
                          FROM fresh WHERE c.id = fresh.id AND c.asset_keys <> fresh.keys
                        RETURNING c.id
                        """)
                .execute(Tuple.of(assetId, ChangeRepository.at(now), OPEN.toArray(String[]::new)))
                .chain(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("id")));
                    return io.smallrye.mutiny.Multi.createFrom().iterable(ids).onItem().transformToUniAndConcatenate(id ->
                                    repository.find(db, id).call(change -> {
                                        String detail = "asset keys refreshed from inventory asset " + assetId;
                                        return repository.audit(db, id, ChangeAction.UPDATED, change.status(),
                                                        change.status(), ChangeSignals.SYSTEM_ACTOR, detail, now)
                                                .chain(() -> publisher.event(new ChangeEvent(ChangeAction.UPDATED,
                                                        change.toChange(), ChangeSignals.SYSTEM_ACTOR, detail, now),
                                                        ChangeSignals.eventId(ChangeAction.UPDATED, id,
                                                                "asset:" + assetId + ":" + assetUpdatedAt)));
                                    }))
                            .collect().asList().replaceWithVoid();
                });
    }

    /**
     * Writes the audit line for a step, reads the state after it and publishes it; the event carries the full
     * change so consumers need no lookup.
     */
    Uni<ChangeRequest> record(SqlClient db, ChangeRequest before, ChangeAction action, ChangeStatus to, String actor,
                              String detail, Instant now) {
        return repository.audit(db, before.id(), action, before.status() == to && action == ChangeAction.CREATED
                        ? null : before.status(), to, actor, detail, now)
                .chain(() -> repository.find(db, before.id()))
                .call(after -> publisher.event(new ChangeEvent(action, after.toChange(), actor, detail, now)));
    }

    private Uni<ChangeRequest> command(UUID id, BiFunction<SqlClient, ChangeRequest, Uni<ChangeRequest>> body) {
        return pool.withTransaction(db -> repository.lock(db, id)
                .chain(change -> change == null ? Uni.createFrom().nullItem() : body.apply(db, change)));
    }

    /** Validates the assets and template and computes risk, keys and the approvals needed. */
    private Uni<ChangeRequest> resolve(SqlClient db, UUID id, ChangeInput input, String requester, Instant createdAt,
                                       Instant now) {
        Uni<ChangeTemplate> template = input.templateId() == null ? Uni.createFrom().nullItem()
                : templates.find(db, input.templateId());
        return template.chain(t -> assets.find(db, input.assetIds()).map(found -> {
            List<FieldError> errors = new ArrayList<>();
            if (input.templateId() != null && t == null) {
                errors.add(new FieldError("templateId", "no change template " + input.templateId()));
            }
            for (int i = 0; i < input.assetIds().size(); i++) {
                if (!found.containsKey(input.assetIds().get(i))) {
                    errors.add(new FieldError("assetIds[" + i + "]", "inventory has no asset " + input.assetIds().get(i)));
                }
            }
            if (!errors.isEmpty()) {
                throw new ProblemException(400, "Bad Request", "invalid change: " + errors.size() + " field(s) to fix",
                        errors);
            }
            Risk computed = Risks.compute(input.type(), t == null ? null : t.risk(), found.values(),
                    input.plannedStart(), input.plannedEnd());
            Risk risk = input.riskOverride() != null ? input.riskOverride() : computed;
            Set<String> keys = new LinkedHashSet<>();
            input.assetIds().forEach(a -> keys.addAll(found.get(a).keys()));
            boolean security = input.securityImpact() != null && !input.securityImpact().none();
            int approvals = input.type() == ChangeType.STANDARD ? 0 : risk == Risk.HIGH || security ? 2 : 1;
            return new ChangeRequest(id, input.title(),
                    input.description() != null || t == null ? input.description() : t.description(), input.type(),
                    ChangeStatus.DRAFT, input.templateId(), risk, computed, input.riskReason(), requester,
                    input.assetIds(), List.copyOf(keys), input.plannedStart(), input.plannedEnd(),
                    input.rollbackPlan() != null || t == null ? input.rollbackPlan() : t.rollbackPlan(),
                    input.securityImpact(), input.temporary(), input.expiresAt(), approvals, List.of(), List.of(),
                    false, List.of(), false, null, null, null, null, null, null, createdAt, now);
        }));
    }

    /** What the change collides with; a blackout is a 409 unless the change is an emergency. */
    private Uni<List<Conflict>> conflicts(SqlClient db, ChangeRequest change) {
        return blackouts.overlapping(db, change.plannedStart(), change.plannedEnd()).chain(frozen -> {
            List<Conflict> conflicts = new ArrayList<>();
            for (BlackoutWindow window : frozen) {
                String detail = "window crosses blackout window '" + window.name() + "' (" + window.startsAt() + " to "
                        + window.endsAt() + ")";
                if (change.type() != ChangeType.EMERGENCY) {
                    throw new ProblemException(409, "Conflict", detail + "; only emergency changes may",
                            List.of(new FieldError("plannedStart", detail)));
                }
                conflicts.add(new Conflict(Conflict.Kind.BLACKOUT, window.id(), detail));
            }
            return assets.related(db, change.assetIds()).chain(related -> repository.select(db, """
                                    c.id <> $1 AND c.status = ANY($2) AND c.asset_ids && $3
                                    AND c.planned_start < $5 AND c.planned_end > $4
                                    """,
                            Tuple.of(change.id(), SCHEDULED.toArray(String[]::new), related.toArray(UUID[]::new),
                                    ChangeRepository.at(change.plannedStart()), ChangeRepository.at(change.plannedEnd())),
                            1000))
                    .chain(others -> assets.find(db, change.assetIds()).map(known -> {
                        for (ChangeRequest other : others) {
                            boolean same = other.assetIds().stream().anyMatch(change.assetIds()::contains);
                            conflicts.add(new Conflict(same ? Conflict.Kind.SAME_ASSET : Conflict.Kind.BLAST_RADIUS,
                                    other.id(), (same ? "same asset as" : "asset in the blast radius of")
                                    + " change '" + other.title() + "' (" + other.id() + ", " + other.status().wire()
                                    + ") planned " + other.plannedStart() + " to " + other.plannedEnd()));
                        }
                        outsideMaintenance(change, known, conflicts);
                        return conflicts;
                    }));
        });
    }

    private static void outsideMaintenance(ChangeRequest change, Map<UUID, KnownAsset> known, List<Conflict> conflicts) {
        known.values().stream().filter(a -> a.maintenanceWindow() != null)
                .filter(a -> !a.maintenanceWindow().covers(change.plannedStart(), change.plannedEnd()))
                .forEach(a -> conflicts.add(new Conflict(Conflict.Kind.OUTSIDE_MAINTENANCE_WINDOW, a.id(),
                        "window is outside the maintenance window of " + a.name() + " (" + a.maintenanceWindow() + ")")));
    }

    private static void segregate(ChangeRequest change, String actor, String what) {
        if (Objects.equals(change.requester(), actor)) {
            throw new ProblemException(403, "Forbidden", "segregation of duties: " + actor
                    + " requested this change and cannot " + what + " it", List.of(new FieldError("requester", actor)));
        }
    }

    private static String secondApprovalReason(ChangeRequest change) {
        return change.risk() == Risk.HIGH && change.securitySensitive() ? "high risk and security impact"
                : change.risk() == Risk.HIGH ? "high risk" : "security impact";
    }
}
