package io.tandem.inventory.stale;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tandem.inventory.InventoryConfig;
import io.tandem.inventory.asset.AssetPublisher;
import io.tandem.inventory.asset.AssetRepository;
import io.tandem.inventory.asset.AssetService;
import io.tandem.inventory.asset.Findings;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.AssetAction;
import io.tandem.model.asset.AssetEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Periodically reports managed, active assets that were not seen or not patched within the configured periods as
 * {@code AssetStale} (with a derived signal). An asset is reported once per stale spell: the report is remembered on
 * the row and forgotten when the asset recovers. The claim is an {@code UPDATE ... RETURNING} with
 * {@code SKIP LOCKED}, so several instances never report one asset twice.
 */
@ApplicationScoped
public class StaleCheck {

    /** Assets reported per run at most; the next run picks up the rest. */
    static final int BATCH = 1000;
    /** Findings of one batch in flight at once. */
    private static final int CONCURRENCY = 128;

    private final Pool pool;
    private final AssetRepository repository;
    private final AssetPublisher publisher;
    private final InventoryConfig config;

    public StaleCheck(Pool pool, AssetRepository repository, AssetPublisher publisher, InventoryConfig config) {
        this.pool = pool;
        this.repository = repository;
        this.publisher = publisher;
        this.config = config;
    }

    @Scheduled(every = "${inventory.stale.check-every:1h}", delayed = "${inventory.stale.check-delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // Not before the channels and pools are up, nor after shutdown has closed them.
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return check(AssetService.now()).replaceWithVoid();
    }

    /** Reports the assets that are stale at {@code now} and were not reported yet, batch by batch; returns them. */
    @WithSpan
    public Uni<List<Asset>> check(Instant now) {
        return checkFrom(now, new ArrayList<>());
    }

    private Uni<List<Asset>> checkFrom(Instant now, List<Asset> reported) {
        return checkBatch(now).chain(batch -> {
            reported.addAll(batch);
            return batch.size() < BATCH ? Uni.createFrom().item(reported) : checkFrom(now, reported);
        });
    }

    /** One transaction: forget recovered assets, claim up to {@link #BATCH} newly stale ones and publish them. */
    private Uni<List<Asset>> checkBatch(Instant now) {
        Instant seenBefore = now.minus(config.stale().notSeen());
        Instant patchedBefore = now.minus(config.stale().notPatched());
        return pool.withTransaction(db -> {
            Tuple recovered = Tuple.tuple();
            String stillStale = AssetRepository.staleCondition(recovered, seenBefore, patchedBefore);
            Tuple claim = Tuple.tuple();
            String stale = AssetRepository.staleCondition(claim, seenBefore, patchedBefore);
            claim.addValue(now.atOffset(ZoneOffset.UTC));
            int nowParam = claim.size();
            return db.preparedQuery("UPDATE asset a SET stale_reported_at = NULL WHERE a.stale_reported_at IS NOT NULL AND NOT "
                            + stillStale).execute(recovered)
                    .chain(() -> db.preparedQuery("""
                                    UPDATE asset a SET stale_reported_at = $%d
                                     WHERE a.id IN (SELECT a.id FROM asset a WHERE a.stale_reported_at IS NULL AND %s
                                                     ORDER BY a.id LIMIT %d FOR UPDATE SKIP LOCKED)
                                    RETURNING a.id
                                    """.formatted(nowParam, stale, BATCH))
                            .execute(claim))
                    .chain(rows -> {
                        List<UUID> ids = new ArrayList<>();
                        rows.forEach(r -> ids.add(r.getUUID("id")));
                        return repository.findAll(db, ids);
                    })
                    .call(assets -> Multi.createFrom().iterable(assets)
                            .onItem().transformToUni(asset -> report(asset, seenBefore, patchedBefore, now))
                            .merge(CONCURRENCY).collect().last());
        });
    }

    private Uni<Void> report(Asset asset, Instant seenBefore, Instant patchedBefore, Instant now) {
        List<String> reasons = new ArrayList<>();
        if (asset.lastSeenAt() == null || asset.lastSeenAt().isBefore(seenBefore)) {
            reasons.add(asset.lastSeenAt() == null ? "never seen in a signal"
                    : "not seen since " + asset.lastSeenAt() + " (limit " + config.stale().notSeen() + ")");
        }
        if (asset.lastPatchedAt() == null || asset.lastPatchedAt().isBefore(patchedBefore)) {
            reasons.add(asset.lastPatchedAt() == null ? "no patch recorded"
                    : "not patched since " + asset.lastPatchedAt() + " (limit " + config.stale().notPatched() + ")");
        }
        AssetEvent event = new AssetEvent(AssetAction.STALE, asset, null,
                reasons.isEmpty() ? "stale" : String.join("; ", reasons), now);
        return publisher.finding(event, Findings.signal(event, now));
    }
}
