package io.tandem.change.detection;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.tandem.change.ChangeConfig;
import io.tandem.change.asset.AssetDirectory;
import io.tandem.change.asset.AssetKeys;
import io.tandem.change.asset.KnownAsset;
import io.tandem.change.request.ChangePublisher;
import io.tandem.change.request.ChangeRepository;
import io.tandem.change.request.ChangeRequest;
import io.tandem.change.request.ChangeSignals;
import io.tandem.change.support.Clocks;
import io.tandem.service.persistence.ProcessedEvents;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.change.ChangeStatus;
import io.tandem.model.change.ChangeType;
import io.tandem.model.change.Risk;
import io.tandem.model.signal.Observable;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Unauthorized-change detection: a configuration-change signal on an asset that no approved (or running, or just
 * completed) change covers at the time it was observed is recorded as an unauthorized emergency change, which
 * needs a retroactive review like any emergency, published as {@code unauthorized-detected} with a derived
 * security signal. The signal's event id is recorded in the same transaction, and the recorded change's id is
 * derived from the signal, so a redelivery never records or signals twice.
 */
@ApplicationScoped
public class UnauthorizedChangeDetector {

    /** The consumer name in {@code processed_event}. */
    public static final String CONSUMER = "change-unauthorized";

    /** What a signal did. */
    public enum Outcome { IGNORED, DUPLICATE, AUTHORIZED, UNAUTHORIZED }

    private final Pool pool;
    private final ChangeRepository repository;
    private final AssetDirectory assets;
    private final ChangePublisher publisher;
    private final ChangeConfig config;
    private final Clock clock;

    public UnauthorizedChangeDetector(Pool pool, ChangeRepository repository,
                                      AssetDirectory assets, ChangePublisher publisher, ChangeConfig config, Clock clock) {
        this.pool = pool;
        this.repository = repository;
        this.assets = assets;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
    }

    @WithSpan
    public Uni<Outcome> detect(Signal signal, String eventId) {
        List<String> keys = AssetKeys.of(signal.asset());
        if (signal.kind() != SignalKind.CONFIGURATION_CHANGE || keys.isEmpty()
                || ChangeSignals.SOURCE_FORMAT.equals(signal.source().format())) {
            return Uni.createFrom().item(Outcome.IGNORED);
        }
        Instant now = Clocks.now(clock);
        Instant at = signal.observedAt();
        return pool.withTransaction(db -> ProcessedEvents.firstTime(db, CONSUMER, eventId).chain(first -> {
            if (!first) {
                return Uni.createFrom().item(Outcome.DUPLICATE);
            }
            return covered(db, keys, at).chain(authorized -> authorized ? Uni.createFrom().item(Outcome.AUTHORIZED)
                    : assets.findByKey(db, keys).chain(asset -> record(db, signal, keys, asset, now))
                    .replaceWith(Outcome.UNAUTHORIZED));
        }));
    }

    /** Whether an approved change on one of {@code keys} has its planned or actual window around {@code at}. */
    private Uni<Boolean> covered(SqlClient db, List<String> keys, Instant at) {
        Instant early = at.plus(config.unauthorized().grace());
        Instant late = at.minus(config.unauthorized().grace());
        return db.preparedQuery("""
                        SELECT 1 FROM change_request c
                         WHERE c.asset_keys && $1 AND NOT c.unauthorized
                           AND c.status IN ('approved', 'in-progress', 'completed', 'verified', 'closed')
                           AND ((c.status = 'approved' OR c.started_at IS NOT NULL)
                                AND ((c.planned_start <= $2 AND c.planned_end >= $3)
                                     OR (c.started_at <= $2 AND COALESCE(c.completed_at, 'infinity') >= $3)))
                         LIMIT 1
                        """)
                .execute(Tuple.of(keys.toArray(String[]::new), early.atOffset(ZoneOffset.UTC), late.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.size() > 0);
    }

    private Uni<Void> record(SqlClient db, Signal signal, List<String> keys, KnownAsset asset, Instant now) {
        UUID id = UUID.nameUUIDFromBytes(("tandem-change:unauthorized:" + signal.id()).getBytes(StandardCharsets.UTF_8));
        Instant at = signal.observedAt();
        String who = signal.observables().stream().filter(o -> o.type() == ObservableType.USER).map(Observable::value)
                .findFirst().orElse("unknown");
        String host = asset != null ? asset.name() : keys.get(0);
        String detail = "configuration change '" + signal.title() + "' reported by " + signal.source().format()
                + " on " + host + " at " + at + " with no approved change in its window";
        ChangeRequest change = new ChangeRequest(id, "Unauthorized change on " + host + ": " + signal.title(),
                signal.description(), ChangeType.EMERGENCY, ChangeStatus.COMPLETED, null, Risk.HIGH, Risk.HIGH,
                "unauthorized change", who, asset == null ? List.of() : List.of(asset.id()),
                asset == null ? keys : asset.keys(), at, at, null, null, false, null, 0, List.of(), List.of(), true,
                List.of(), false, at, at, null, now.plus(config.emergency().reviewWithin()), null, null, now, now);
        UUID eventId = ChangeSignals.eventId(ChangeAction.UNAUTHORIZED_DETECTED, id, signal.id().toString());
        return repository.insert(db, change)
                .chain(() -> repository.audit(db, id, ChangeAction.UNAUTHORIZED_DETECTED, null, ChangeStatus.COMPLETED,
                        ChangeSignals.SYSTEM_ACTOR, detail, now))
                .chain(() -> repository.find(db, id))
                .call(recorded -> publisher.event(new ChangeEvent(ChangeAction.UNAUTHORIZED_DETECTED,
                        recorded.toChange(), ChangeSignals.SYSTEM_ACTOR, detail, now), eventId))
                .call(recorded -> publisher.signal(ChangeSignals.signal(ChangeAction.UNAUTHORIZED_DETECTED, recorded,
                        eventId, "Unauthorized change detected: " + signal.title(), detail, signal.asset(), now)))
                .replaceWithVoid();
    }
}
