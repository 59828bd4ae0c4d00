package io.tandem.incident.incident;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.tandem.incident.IncidentConfig;
import io.tandem.incident.sla.SlaBreach;
import io.tandem.incident.support.Clocks;
import io.tandem.model.Priority;
import io.tandem.model.change.Change;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.incident.Incident;
import io.tandem.model.incident.IncidentAction;
import io.tandem.model.incident.IncidentKind;
import io.tandem.model.incident.IncidentStatus;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.GroupAction;
import io.tandem.model.triage.RouteAction;
import io.tandem.model.triage.TriageDecision;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import static io.tandem.incident.incident.IncidentRepository.time;

/**
 * The incident workflow: opens incidents from routed decisions and attaches later signals of the same alert group,
 * follows alert-group resolution, and applies people's actions with enforced transitions. Each step is one
 * transaction that records its timeline entry and publishes the full state before it commits.
 */
@ApplicationScoped
public class IncidentService {

    /** Consumer names in {@code processed_event}. */
    public static final String DECISIONS = "incident-decisions";
    public static final String GROUPS = "incident-groups";
    public static final String CHANGES = "incident-changes";
    /** The actor of what the platform did by itself. */
    public static final String SYSTEM = "tandem";

    /** States in which an incident still needs people and takes new signals. */
    public static final Set<IncidentStatus> OPEN = Set.of(IncidentStatus.TRIGGERED, IncidentStatus.ACKNOWLEDGED,
            IncidentStatus.MITIGATED);

    /** What a decision or alert group event did. */
    public enum Outcome { IGNORED, DUPLICATE, OPENED, ATTACHED, RECORDED, RESOLVED }

    /** What opening an incident involves beyond its row: the default assignee and the route's actions. */
    public interface Opening {
        /** The assignee an incident following {@code policyId} (may be null) in {@code team} gets when it opens, or null. */
        Uni<String> defaultAssignee(SqlClient db, UUID policyId, String team, Instant at);

        /** Called after the incident was opened and recorded. */
        Uni<Void> opened(SqlClient db, IncidentRow row, TriageDecision decision, Instant at);
    }

    private final Pool pool;
    private final IncidentRepository repository;
    private final IncidentEvents events;
    private final IncidentConfig config;
    private final Clock clock;
    private final Opening opening;

    public IncidentService(Pool pool, IncidentRepository repository, IncidentEvents events, IncidentConfig config,
                           Clock clock, Opening opening) {
        this.pool = pool;
        this.repository = repository;
        this.events = events;
        this.config = config;
        this.clock = clock;
        this.opening = opening;
    }

    /** Applies one triage decision, identified by {@code eventId} for deduplication. */
    @WithSpan
    public Uni<Outcome> decide(TriageDecision decision, String eventId) {
        boolean routed = decision.outcome() == DecisionOutcome.ROUTED && decision.route() != null
                && decision.route().action() == RouteAction.INCIDENT;
        // Later signals of a paging group join its open incident, including one linked to a change (the change then
        // shows on the incident, so "did a change cause this?" is answered where people look).
        boolean joins = decision.outcome() == DecisionOutcome.GROUPED || decision.outcome() == DecisionOutcome.DEDUPLICATED
                || decision.outcome() == DecisionOutcome.CHANGE_LINKED;
        if (!routed && !joins) {
            return Uni.createFrom().item(Outcome.IGNORED);
        }
        Instant now = Clocks.now(clock);
        return pool.withTransaction(db -> repository.firstTime(db, DECISIONS, eventId).chain(first -> {
            if (!first) {
                return Uni.createFrom().item(Outcome.DUPLICATE);
            }
            // The group row is locked first, so two decisions of one new group cannot open two incidents.
            return repository.lockGroup(db, decision.alertGroupId(), now)
                    .chain(incidentId -> incidentId == null ? Uni.createFrom().<IncidentRow>nullItem()
                            : repository.lock(db, incidentId))
                    .chain(current -> {
                        if (current != null && OPEN.contains(current.incident().status())) {
                            return attach(db, current, decision, now).replaceWith(Outcome.ATTACHED);
                        }
                        // A signal of a group whose incident is over (or that never had one) pages only if routed.
                        return routed ? open(db, decision, now).replaceWith(Outcome.OPENED)
                                : Uni.createFrom().item(Outcome.IGNORED);
                    });
        }));
    }

    private Uni<IncidentRow> open(SqlClient db, TriageDecision d, Instant now) {
        UUID id = UUID.randomUUID();
        Priority priority = d.priority() == null ? Priority.P3 : d.priority();
        String team = d.route().team() != null ? d.route().team()
                : d.enrichment() == null ? null : d.enrichment().ownerTeam();
        IncidentConfig.Sla sla = config.slaOf(priority);
        String title = d.signal().title() == null ? d.signal().fingerprint() : d.signal().title()
                + (d.signal().assetKey() == null ? "" : " on " + d.signal().assetKey());
        return opening.defaultAssignee(db, d.route().escalationPolicyId(), team, now).chain(assignee -> {
            Incident incident = new Incident(id, title, kindOf(d.signal().kind()), IncidentStatus.TRIGGERED, priority,
                    d.signal().severity(), team, assignee, null,
                    d.signal().assetKey() == null ? List.of() : List.of(d.signal().assetKey()), List.of(d.alertGroupId()),
                    List.of(), d.flags().contains("possibly-change-induced"), d.signal().observedAt(), now, null, null,
                    null, null, now.plus(sla.acknowledge()), now.plus(sla.resolve()), List.of(), null);
            return repository.insert(db, incident, d.route().escalationPolicyId())
                    .chain(() -> repository.feed(db, d.alertGroupId(), id))
                    .chain(() -> repository.find(db, id))
                    .chain(row -> events.record(db, row, IncidentAction.OPENED, SYSTEM,
                            "opened from signal " + d.signalId() + ": " + d.reason()
                                    + (assignee == null ? "" : "; assigned to " + assignee + ", on call"), now))
                    .chain(row -> attach(db, row, d, now))
                    .call(row -> opening.opened(db, row, d, now));
        });
    }

    /** Adds the decision's signal to an open incident, widening its kind, priority, severity and assets. */
    private Uni<IncidentRow> attach(SqlClient db, IncidentRow row, TriageDecision d, Instant now) {
        Incident i = row.incident();
        Alert alert = new Alert(d.signalId(), d.alertGroupId(), d.alertId(), d.signal().fingerprint(), d.signal().title(),
                d.signal().kind(), d.signal().severity(), d.signal().assetKey(), d.signal().observedAt(), now);
        return repository.attach(db, i.id(), alert, now).chain(added -> {
            if (!added) {
                return Uni.createFrom().item(row);
            }
            List<String> assets = new ArrayList<>(i.assetKeys());
            if (d.signal().assetKey() != null && !assets.contains(d.signal().assetKey())) {
                assets.add(d.signal().assetKey());
            }
            List<UUID> changes = new ArrayList<>(i.changeIds());
            UUID change = d.route() == null ? null : d.route().changeId();
            if (change != null && !changes.contains(change)) {
                changes.add(change);
            }
            List<UUID> groups = new ArrayList<>(i.alertGroupIds());
            if (!groups.contains(d.alertGroupId())) {
                groups.add(d.alertGroupId());
            }
            IncidentKind kind = i.kind() == kindOf(d.signal().kind()) ? i.kind() : IncidentKind.BOTH;
            Priority priority = d.priority() != null && d.priority().compareTo(i.priority()) < 0 ? d.priority() : i.priority();
            Severity severity = i.severity() == null || rank(d.signal().severity()) > rank(i.severity())
                    ? d.signal().severity() : i.severity();
            Instant first = i.firstSignalAt() == null || d.signal().observedAt().isBefore(i.firstSignalAt())
                    ? d.signal().observedAt() : i.firstSignalAt();
            return repository.update(db, """
                                    alert_count = alert_count + 1, asset_keys = $2, alert_group_ids = $3, kind = $4,
                                    priority = $5, severity_id = $6, first_signal_at = $7,
                                    possibly_change_induced = possibly_change_induced OR $8, change_ids = $9""",
                            Tuple.tuple().addUUID(i.id()).addArrayOfString(assets.toArray(String[]::new))
                                    .addArrayOfUUID(groups.toArray(UUID[]::new)).addString(kind.wire())
                                    .addString(priority.name()).addInteger(severity.id()).addValue(time(first))
                                    .addBoolean(d.flags().contains("possibly-change-induced"))
                                    .addArrayOfUUID(changes.toArray(UUID[]::new)))
                    .chain(updated -> events.record(db, updated, IncidentAction.SIGNAL_ATTACHED, SYSTEM,
                            "signal " + d.signalId() + " (" + d.signal().title() + ") of alert group " + d.alertGroupId()
                                    + (change == null ? "" : ", linked to change " + change), now));
        });
    }

    /**
     * Records an alert group's lifecycle step; when the last open group of an incident resolves and the incident's
     * kind resolves by itself, the incident resolves too.
     */
    @WithSpan
    public Uni<Outcome> group(AlertGroupEvent event, String eventId) {
        Instant now = Clocks.now(clock);
        return pool.withTransaction(db -> repository.firstTime(db, GROUPS, eventId).chain(first -> {
            if (!first) {
                return Uni.createFrom().item(Outcome.DUPLICATE);
            }
            Instant resolvedAt = event.action() == GroupAction.RESOLVED
                    ? (event.resolvedAt() != null ? event.resolvedAt() : event.occurredAt()) : null;
            return repository.groupResolved(db, event.groupId(), resolvedAt, now).chain(incidentId -> {
                if (incidentId == null || resolvedAt == null) {
                    return Uni.createFrom().item(Outcome.IGNORED);
                }
                return repository.lock(db, incidentId).chain(row -> repository.openGroups(db, incidentId).chain(open -> {
                    if (!OPEN.contains(row.incident().status())) {
                        return Uni.createFrom().item(Outcome.IGNORED);
                    }
                    String detail = "alert group " + event.groupId() + " (" + event.groupKey() + ") resolved";
                    if (open > 0 || !config.autoResolves(row.incident().kind())) {
                        return repository.bump(db, incidentId)
                                .chain(r -> events.record(db, r, IncidentAction.LINKED, SYSTEM, detail, now))
                                .replaceWith(Outcome.RECORDED);
                    }
                    return missedBreaches(db, row, IncidentStatus.RESOLVED, now)
                            .chain(() -> repository.update(db, Transition.RESOLVE.set(), Tuple.of(incidentId, time(now))))
                            .chain(r -> events.record(db, r, IncidentAction.RESOLVED, SYSTEM,
                                    detail + "; every alert group of the incident is resolved", now))
                            .replaceWith(Outcome.RESOLVED);
                }));
            });
        }));
    }

    /**
     * Links a change that change-service found to have caused incidents ({@code incident-linked}) to each of those
     * incidents not linked to it yet, marks them possibly change-induced and records it on their timelines.
     */
    @WithSpan
    public Uni<Outcome> changeLinked(ChangeEvent event, String eventId) {
        if (event.action() != ChangeAction.INCIDENT_LINKED || event.change().incidentIds().isEmpty()) {
            return Uni.createFrom().item(Outcome.IGNORED);
        }
        Instant now = Clocks.now(clock);
        Change change = event.change();
        return pool.withTransaction(db -> repository.firstTime(db, CHANGES, eventId).chain(first -> {
            if (!first) {
                return Uni.createFrom().item(Outcome.DUPLICATE);
            }
            Uni<Outcome> chain = Uni.createFrom().item(Outcome.IGNORED);
            for (UUID incidentId : change.incidentIds()) {
                chain = chain.chain(done -> repository.lock(db, incidentId).chain(row -> {
                    if (row == null) {
                        // change-service learnt of it from incidents.events, which is published before the commit.
                        throw new NotYetVisible(incidentId);
                    }
                    if (row.incident().changeIds().contains(change.id())) {
                        return Uni.createFrom().item(done);
                    }
                    List<UUID> changes = new ArrayList<>(row.incident().changeIds());
                    changes.add(change.id());
                    return repository.update(db, "change_ids = $2, possibly_change_induced = true",
                                    Tuple.tuple().addUUID(incidentId).addArrayOfUUID(changes.toArray(UUID[]::new)))
                            .chain(updated -> events.record(db, updated, IncidentAction.LINKED, event.actor(),
                                    "caused by change " + change.id() + " ('" + change.title() + "'), completed on an "
                                            + "affected asset shortly before", now))
                            .replaceWith(Outcome.RECORDED);
                }));
            }
            return chain;
        }));
    }

    /** An incident another service named has not been committed yet: the event is worth retrying. */
    public static final class NotYetVisible extends RuntimeException {
        NotYetVisible(UUID incidentId) {
            super("incident " + incidentId + " is not (yet) in the database");
        }
    }

    /** Applies a lifecycle transition; 404 as null, 409 naming the current state when it does not apply. */
    @WithSpan
    public Uni<Incident> transition(UUID id, Transition transition, String actor, String note) {
        Instant now = Clocks.now(clock);
        return change(id, (db, row) -> {
            IncidentStatus status = row.incident().status();
            if (!transition.allowedFrom(status)) {
                throw ProblemException.conflict(status.wire(), "cannot " + transition.path() + " incident " + id);
            }
            Tuple params = transition.set().contains("$2") ? Tuple.of(id, time(now)) : Tuple.of(id);
            return missedBreaches(db, row, transition.to(), now)
                    .chain(() -> repository.update(db, transition.set(), params))
                    .chain(r -> events.record(db, r, transition.action(), actor, note, now));
        });
    }

    /** Sets assignee and/or commander of an open incident. */
    @WithSpan
    public Uni<Incident> assign(UUID id, String assignee, String commander, String actor) {
        Instant now = Clocks.now(clock);
        return change(id, (db, row) -> {
            requireOpen(row, "assign");
            List<String> what = new ArrayList<>();
            if (assignee != null) {
                what.add("assignee " + assignee);
            }
            if (commander != null) {
                what.add("commander " + commander);
            }
            return repository.update(db, "assignee = coalesce($2, assignee), commander = coalesce($3, commander)",
                            Tuple.of(id, assignee, commander))
                    .chain(r -> events.record(db, r, IncidentAction.ASSIGNED, actor, String.join(", ", what), now));
        });
    }

    /** Adds a note to the timeline (any state but merged: notes on a closed incident are how reviews add context). */
    @WithSpan
    public Uni<Incident> note(UUID id, String text, String actor) {
        Instant now = Clocks.now(clock);
        return change(id, (db, row) -> {
            if (row.incident().status() == IncidentStatus.MERGED) {
                throw ProblemException.conflict(IncidentStatus.MERGED.wire(), "incident " + id + " was merged into "
                        + row.incident().mergedInto() + "; add the note there");
            }
            return repository.bump(db, id)
                    .chain(r -> events.record(db, r, IncidentAction.NOTE_ADDED, actor, text, now));
        });
    }

    /**
     * Merges incident {@code id} into {@code into}: alerts, alert groups, assets and changes move over, the source
     * becomes {@code merged}. Both must be open (the source may be resolved too).
     */
    @WithSpan
    public Uni<Incident> merge(UUID id, UUID into, String actor) {
        if (id.equals(into)) {
            throw ProblemException.badRequest("into", "an incident cannot be merged into itself");
        }
        Instant now = Clocks.now(clock);
        return pool.withTransaction(db -> {
            // Lock both in id order, so two opposite merges cannot deadlock.
            UUID firstId = id.compareTo(into) < 0 ? id : into;
            UUID secondId = firstId.equals(id) ? into : id;
            return repository.lock(db, firstId).chain(a -> repository.lock(db, secondId).chain(b -> {
                IncidentRow source = firstId.equals(id) ? a : b;
                IncidentRow target = firstId.equals(id) ? b : a;
                if (source == null) {
                    return Uni.createFrom().<Incident>nullItem();
                }
                if (target == null) {
                    throw ProblemException.badRequest("into", "no incident " + into);
                }
                IncidentStatus status = source.incident().status();
                if (!OPEN.contains(status) && status != IncidentStatus.RESOLVED) {
                    throw ProblemException.conflict(status.wire(), "cannot merge incident " + id);
                }
                if (!OPEN.contains(target.incident().status())) {
                    throw new ProblemException(409, "Conflict", "cannot merge into incident " + into
                            + " (its current state: " + target.incident().status().wire() + ")",
                            List.of(new io.tandem.service.problem.Problem.FieldError("into.state",
                                    target.incident().status().wire())));
                }
                Incident s = source.incident();
                Incident t = target.incident();
                List<String> assets = union(t.assetKeys(), s.assetKeys());
                List<UUID> groups = union(t.alertGroupIds(), s.alertGroupIds());
                List<UUID> changes = union(t.changeIds(), s.changeIds());
                IncidentKind kind = t.kind() == s.kind() ? t.kind() : IncidentKind.BOTH;
                Priority priority = s.priority().compareTo(t.priority()) < 0 ? s.priority() : t.priority();
                return repository.moveAll(db, id, into)
                        .chain(() -> repository.update(db, """
                                        asset_keys = $2, alert_group_ids = $3, change_ids = $4, kind = $5, priority = $6,
                                        alert_count = alert_count + $7,
                                        first_signal_at = least(first_signal_at, $8),
                                        possibly_change_induced = possibly_change_induced OR $9""",
                                Tuple.tuple().addUUID(into).addArrayOfString(assets.toArray(String[]::new))
                                        .addArrayOfUUID(groups.toArray(UUID[]::new))
                                        .addArrayOfUUID(changes.toArray(UUID[]::new)).addString(kind.wire())
                                        .addString(priority.name()).addInteger(source.alertCount())
                                        .addValue(time(s.firstSignalAt())).addBoolean(s.possiblyChangeInduced())))
                        .chain(r -> events.record(db, r, IncidentAction.MERGED, actor,
                                "incident " + id + " (" + s.title() + ") merged into this one", now))
                        .chain(() -> missedBreaches(db, source, IncidentStatus.MERGED, now))
                        .chain(() -> repository.update(db, "status = 'merged', merged_into = $2, alert_count = 0",
                                Tuple.of(id, into)))
                        .chain(r -> events.record(db, r, IncidentAction.MERGED, actor, "merged into incident " + into, now))
                        .map(IncidentRow::incident);
            }));
        });
    }

    public Uni<IncidentRow> get(UUID id) {
        return pool.withConnection(db -> repository.find(db, id));
    }

    public Uni<Page<Incident>> list(IncidentQuery query) {
        return pool.withConnection(db -> repository.list(db, query))
                .map(rows -> Page.of(rows, query.limit(), i -> i.openedAt() + "|" + i.id()));
    }

    /** The incident's timeline after entry {@code after}; null when the incident does not exist. */
    public Uni<Page<TimelineEntry>> timeline(UUID id, long after, int limit) {
        return pool.withConnection(db -> repository.find(db, id).chain(row -> row == null ? Uni.createFrom().nullItem()
                : repository.timeline(db, id, after, limit).map(e -> Page.of(e, limit, t -> Long.toString(t.id())))));
    }

    /** The incident's alerts after {@code after}; null when the incident does not exist. */
    public Uni<Page<Alert>> alerts(UUID id, Alert.Key after, int limit) {
        return pool.withConnection(db -> repository.find(db, id).chain(row -> row == null ? Uni.createFrom().nullItem()
                : repository.alerts(db, id, after, limit)
                .map(a -> Page.of(a, limit, x -> x.attachedAt() + "|" + x.signalId()))));
    }

    /**
     * Records, dated at their deadlines, the SLA breaches that {@code row} incurred before this transaction moves it
     * to {@code next} but that no SLA poll has seen yet: acknowledged a second after its acknowledge-by is still a
     * breach. The row is locked, so the poller cannot record them a second time.
     */
    private Uni<Void> missedBreaches(SqlClient db, IncidentRow row, IncidentStatus next, Instant now) {
        Uni<IncidentRow> chain = Uni.createFrom().item(row);
        for (SlaBreach breach : SlaBreach.values()) {
            if (breach.missedBefore(row.incident(), next, now)) {
                chain = chain.chain(current -> repository.update(db, "sla_breaches = array_append(sla_breaches, $2)",
                                Tuple.of(current.incident().id(), breach.wire()))
                        .chain(updated -> events.record(db, updated, IncidentAction.SLA_BREACHED, SYSTEM,
                                breach.detail(updated.incident()), breach.deadline(updated.incident()))));
            }
        }
        return chain.replaceWithVoid();
    }

    /** Runs {@code step} on the locked incident in one transaction; null when it does not exist. */
    private Uni<Incident> change(UUID id, BiFunction<SqlClient, IncidentRow, Uni<IncidentRow>> step) {
        return pool.withTransaction(db -> repository.lock(db, id).chain(row -> row == null
                ? Uni.createFrom().nullItem() : step.apply(db, row).map(IncidentRow::incident)));
    }

    private static void requireOpen(IncidentRow row, String action) {
        IncidentStatus status = row.incident().status();
        if (!OPEN.contains(status)) {
            throw ProblemException.conflict(status.wire(), "cannot " + action + " incident " + row.incident().id());
        }
    }

    public static IncidentKind kindOf(SignalKind kind) {
        return kind == SignalKind.SECURITY || kind == SignalKind.VULNERABILITY ? IncidentKind.SECURITY
                : IncidentKind.OPERATIONAL;
    }

    /** OCSF "Other" (99) ranks with Unknown, so it never outranks a real severity. */
    private static int rank(Severity severity) {
        return severity.id() == 99 ? 0 : severity.id();
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        b.stream().filter(x -> !all.contains(x)).forEach(all::add);
        return all;
    }
}
