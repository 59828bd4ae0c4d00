package io.tandem.inventory.discovery;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.tandem.inventory.InventoryConfig;
import io.tandem.inventory.asset.AssetInput;
import io.tandem.inventory.asset.AssetPublisher;
import io.tandem.inventory.asset.AssetRepository;
import io.tandem.inventory.asset.AssetService;
import io.tandem.inventory.asset.Findings;
import io.tandem.service.persistence.ProcessedEvents;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.AssetAction;
import io.tandem.model.asset.AssetEvent;
import io.tandem.model.asset.AssetType;
import io.tandem.model.asset.Identifier;
import io.tandem.model.asset.IdentifierType;
import io.tandem.model.asset.Identifiers;
import io.tandem.model.asset.Lifecycle;
import io.tandem.model.signal.Signal;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Learns from live signals: refreshes last-seen of known assets, registers unknown ones as discovered and
 * unmanaged, and flags decommissioned ones that show up again as zombies. Each signal is applied once (its event id
 * is recorded in the same transaction) and findings are published before that transaction commits.
 */
@ApplicationScoped
public class DiscoveryService {

    /** The consumer name in {@code processed_event}. */
    public static final String CONSUMER = "inventory-discovery";
    /** The source recorded for assets learnt from signals. */
    public static final String SOURCE = "discovery";
    /** Attempts when a concurrent discovery of the same host wins the race for its identifiers. */
    static final int ATTEMPTS = 5;

    /** What a signal did to the inventory. */
    public enum Outcome { IGNORED, DUPLICATE, UNCHANGED, SEEN, DISCOVERED, ZOMBIE }

    private final Pool pool;
    private final AssetRepository repository;
    private final AssetPublisher publisher;
    private final InventoryConfig config;

    public DiscoveryService(Pool pool, AssetRepository repository, AssetPublisher publisher,
                            InventoryConfig config) {
        this.pool = pool;
        this.repository = repository;
        this.publisher = publisher;
        this.config = config;
    }

    /** Applies one signal, identified by {@code eventId} for deduplication. */
    @WithSpan
    public Uni<Outcome> discover(Signal signal, String eventId) {
        if (Findings.SOURCE_FORMAT.equals(signal.source().format())) {
            return Uni.createFrom().item(Outcome.IGNORED);
        }
        List<Identifier> identifiers = Identifiers.of(signal.asset());
        if (identifiers.isEmpty()) {
            return Uni.createFrom().item(Outcome.IGNORED);
        }
        return attempt(signal, eventId, identifiers, Identifiers.keys(identifiers), 1);
    }

    private Uni<Outcome> attempt(Signal signal, String eventId, List<Identifier> identifiers,
                                 List<Identifiers.Key> keys, int attempt) {
        Instant now = AssetService.now();
        Instant observed = signal.observedAt().isAfter(now) ? now : signal.observedAt();
        return pool.withTransaction(db -> ProcessedEvents.firstTime(db, CONSUMER, eventId).chain(first -> {
                    if (!first) {
                        return Uni.createFrom().item(Outcome.DUPLICATE);
                    }
                    return repository.owners(db, keys.stream().map(Identifiers.Key::key).toList()).chain(owners -> {
                        // Keys are ordered most specific first (cloud id, FQDN, host, IP): the first match decides.
                        UUID owner = keys.stream().map(k -> owners.get(k.key())).filter(java.util.Objects::nonNull)
                                .findFirst().orElse(null);
                        return owner != null ? seen(db, owner, signal, observed, now)
                                : create(db, signal, identifiers, keys, observed, now);
                    });
                }))
                .onFailure(LostRace.class).recoverWithUni(e -> {
                    if (attempt >= ATTEMPTS) {
                        return Uni.createFrom().failure(e);
                    }
                    return attempt(signal, eventId, identifiers, keys, attempt + 1);
                });
    }

    private Uni<Outcome> seen(SqlClient db, UUID id, Signal signal, Instant observed, Instant now) {
        Instant threshold = observed.minus(config.discovery().lastSeenGranularity());
        return db.preparedQuery("""
                        UPDATE asset SET last_seen_at = greatest(last_seen_at, $2),
                               zombie_seen_at = CASE WHEN lifecycle = 'decommissioned'
                                                     THEN greatest(zombie_seen_at, $2) ELSE zombie_seen_at END,
                               updated_at = $3
                         WHERE id = $1
                           AND (last_seen_at IS NULL OR last_seen_at < $4
                                OR (lifecycle = 'decommissioned' AND (zombie_seen_at IS NULL OR zombie_seen_at < $4)))
                        RETURNING lifecycle
                        """)
                .execute(Tuple.of(id, observed.atOffset(java.time.ZoneOffset.UTC), now.atOffset(java.time.ZoneOffset.UTC),
                        threshold.atOffset(java.time.ZoneOffset.UTC)))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Outcome.UNCHANGED);
                    }
                    boolean zombie = "decommissioned".equals(rows.iterator().next().getString("lifecycle"));
                    return repository.recordSource(db, List.of(id), SOURCE, List.of(sourceFields(signal)), now)
                            .chain(() -> repository.find(db, id))
                            .call(asset -> publisher.states(List.of(asset)))
                            .call(asset -> zombie ? finding(AssetAction.ZOMBIE_SEEN, asset, signal,
                                    "signal '" + signal.title() + "' from " + asset.name()
                                            + ", which is decommissioned", now) : Uni.createFrom().voidItem())
                            .replaceWith(zombie ? Outcome.ZOMBIE : Outcome.SEEN);
                });
    }

    private Uni<Outcome> create(SqlClient db, Signal signal, List<Identifier> identifiers, List<Identifiers.Key> keys,
                                Instant observed, Instant now) {
        UUID id = UUID.randomUUID();
        boolean cloud = identifiers.get(0).type() == IdentifierType.CLOUD_RESOURCE_ID;
        String name = identifiers.stream().filter(i -> i.type() != IdentifierType.CLOUD_RESOURCE_ID)
                .map(Identifier::value).findFirst().orElse(identifiers.get(0).value());
        AssetInput input = new AssetInput(name, cloud ? AssetType.CLOUD_RESOURCE : AssetType.HOST, identifiers, keys,
                signal.asset().environment(), null, null, null, Lifecycle.DISCOVERED, false, null, observed, null,
                Map.of(), null);
        return repository.insert(db, List.of(id), List.of(input), now)
                .chain(() -> repository.claim(db, java.util.Collections.nCopies(keys.size(), id), keys,
                        IntStream.range(0, keys.size()).boxed().toList()))
                .invoke(taken -> {
                    if (!taken.isEmpty()) {
                        // Another transaction registered this host first; retrying finds and updates its asset.
                        throw new LostRace();
                    }
                })
                .chain(() -> repository.recordSource(db, List.of(id), SOURCE, List.of(sourceFields(signal)), now))
                .chain(() -> repository.find(db, id))
                .call(asset -> publisher.states(List.of(asset)))
                .call(asset -> finding(AssetAction.DISCOVERED, asset, signal,
                        "first seen in signal '" + signal.title() + "' from " + signal.source().format()
                                + "; not in the inventory", now))
                .replaceWith(Outcome.DISCOVERED);
    }

    private Uni<Void> finding(AssetAction action, Asset asset, Signal signal, String reason, Instant now) {
        AssetEvent event = new AssetEvent(action, asset, signal.id(), reason, now);
        return publisher.finding(event, Findings.signal(event, now));
    }

    private static Map<String, String> sourceFields(Signal signal) {
        Map<String, String> fields = new HashMap<>();
        if (signal.asset().environment() != null) {
            fields.put("environment", signal.asset().environment());
        }
        return fields;
    }

    /** A concurrent discovery claimed one of the identifiers first; the transaction rolls back and retries. */
    static final class LostRace extends RuntimeException {
        LostRace() {
            super("identifier claimed concurrently", null, false, false);
        }
    }
}
