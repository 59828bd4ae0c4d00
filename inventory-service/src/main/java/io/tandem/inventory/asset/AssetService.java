package io.tandem.inventory.asset;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.tandem.inventory.InventoryConfig;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.AssetAction;
import io.tandem.model.asset.AssetEvent;
import io.tandem.model.asset.Identifiers;
import io.tandem.model.asset.Lifecycle;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.Problem.FieldError;
import io.tandem.service.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Asset CRUD, relations, impact and decommissioning. Each command runs in one database transaction and publishes
 * the resulting state before it commits, so the compacted topic never misses a committed change.
 */
@ApplicationScoped
public class AssetService {

    /** The source recorded for assets written through the REST API. */
    public static final String MANUAL_SOURCE = "manual";

    private final Pool pool;
    private final AssetRepository repository;
    private final AssetPublisher publisher;
    private final InventoryConfig config;

    public AssetService(Pool pool, AssetRepository repository, AssetPublisher publisher, InventoryConfig config) {
        this.pool = pool;
        this.repository = repository;
        this.publisher = publisher;
        this.config = config;
    }

    /** The clock of the service, truncated to what PostgreSQL stores so a state reads back equal. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @WithSpan
    public Uni<Asset> create(AssetInput input) {
        UUID id = UUID.randomUUID();
        Instant now = now();
        return pool.withTransaction(db -> checkTargets(db, id, input)
                .chain(() -> repository.insert(db, List.of(id), List.of(input), now))
                .chain(() -> claimIdentifiers(db, id, input))
                .chain(() -> repository.replaceRelations(db, id, Objects.requireNonNullElse(input.relations(), List.of())))
                .chain(() -> repository.recordSource(db, List.of(id), MANUAL_SOURCE, List.of(input.reportedFields()), now))
                .chain(() -> repository.find(db, id))
                .call(asset -> publisher.states(List.of(asset))));
    }

    public Uni<Asset> get(UUID id) {
        return pool.withConnection(db -> repository.find(db, id));
    }

    /** Replaces an asset's fields, identifiers and relations; null when it does not exist. */
    @WithSpan
    public Uni<Asset> replace(UUID id, AssetInput input) {
        Instant now = now();
        return pool.withTransaction(db -> repository.lock(db, id).chain(lifecycle -> lifecycle == null
                ? Uni.createFrom().nullItem()
                : checkTargets(db, id, input)
                .chain(() -> repository.update(db, List.of(id), List.of(input), false, now))
                .chain(() -> repository.dropIdentifiersExcept(db, id, input.keys().stream().map(Identifiers.Key::key).toList()))
                .chain(() -> claimIdentifiers(db, id, input))
                .chain(() -> repository.replaceRelations(db, id, Objects.requireNonNullElse(input.relations(), List.of())))
                .chain(() -> repository.recordSource(db, List.of(id), MANUAL_SOURCE, List.of(input.reportedFields()), now))
                .chain(() -> repository.find(db, id))
                .call(asset -> publisher.states(List.of(asset)))));
    }

    /**
     * Deletes an asset and publishes its tombstone; assets that had relations to it lose them, so their new state is
     * published too. False when it did not exist.
     */
    @WithSpan
    public Uni<Boolean> delete(UUID id) {
        Instant now = now();
        return pool.withTransaction(db -> repository.lock(db, id).chain(lifecycle -> {
            if (lifecycle == null) {
                return Uni.createFrom().item(false);
            }
            return repository.referrers(db, id).chain(referrers -> repository.delete(db, id)
                    .chain(() -> repository.findAll(db, referrers))
                    .call(publisher::states)
                    .call(() -> publisher.deleted(id, now))
                    .replaceWith(true));
        }));
    }

    public Uni<Page<Asset>> list(AssetQuery query) {
        Instant now = now();
        return pool.withConnection(db -> repository.list(db, query, now.minus(config.stale().notSeen()),
                        now.minus(config.stale().notPatched())))
                .map(rows -> Page.of(rows, query.limit(), a -> a.id().toString()));
    }

    /** What depends on the asset, transitively, with owners; null when the asset does not exist. */
    @WithSpan
    public Uni<Impact> impact(UUID id) {
        return pool.withConnection(db -> repository.find(db, id).chain(asset -> asset == null
                ? Uni.createFrom().nullItem()
                : repository.impact(db, id).map(rows -> {
                    List<Impact.Dependent> dependents = new ArrayList<>();
                    rows.forEach(row -> {
                        String[] via = row.getArrayOfStrings("via");
                        dependents.add(new Impact.Dependent(row.getUUID("id"), row.getString("name"),
                                row.getString("type"), row.getString("owner_team"), row.getString("environment"),
                                row.getInteger("criticality"), row.getString("lifecycle"),
                                via == null ? List.of() : List.of(via)));
                    });
                    List<String> owners = dependents.stream().map(Impact.Dependent::ownerTeam).filter(Objects::nonNull)
                            .distinct().sorted().toList();
                    return new Impact(id, asset.name(), dependents, owners);
                })));
    }

    /**
     * Retires an asset: lifecycle decommissioned, no longer managed; publishes its state and AssetDecommissioned.
     * A signal from it afterwards is a zombie. Null when it does not exist, 409 when already decommissioned.
     */
    @WithSpan
    public Uni<Asset> decommission(UUID id, String actor, String reason) {
        Instant now = now();
        return pool.withTransaction(db -> repository.lock(db, id).chain(lifecycle -> {
            if (lifecycle == null) {
                return Uni.createFrom().nullItem();
            }
            if (lifecycle == Lifecycle.DECOMMISSIONED) {
                throw ProblemException.conflict(lifecycle.wire(), "asset " + id + " is already decommissioned");
            }
            return repository.setLifecycle(db, id, Lifecycle.DECOMMISSIONED, now)
                    .chain(() -> repository.find(db, id))
                    .call(asset -> publisher.states(List.of(asset)))
                    .call(asset -> publisher.finding(new AssetEvent(AssetAction.DECOMMISSIONED, asset, null,
                            "decommissioned by " + actor + (reason == null || reason.isBlank() ? "" : ": " + reason),
                            now), null));
        }));
    }

    private Uni<Void> checkTargets(SqlClient db, UUID id, AssetInput input) {
        List<UUID> targets = input.relationTargets();
        return repository.existing(db, targets).invoke(found -> {
            List<FieldError> errors = new ArrayList<>();
            for (int i = 0; input.relations() != null && i < input.relations().size(); i++) {
                UUID target = input.relations().get(i).targetId();
                if (target.equals(id)) {
                    errors.add(new FieldError("relations[" + i + "].targetId", "an asset cannot relate to itself"));
                } else if (!found.contains(target)) {
                    errors.add(new FieldError("relations[" + i + "].targetId", "no asset " + target));
                }
            }
            if (!errors.isEmpty()) {
                throw new ProblemException(400, "Bad Request", "relations name unknown assets", errors);
            }
        }).replaceWithVoid();
    }

    /** Gives the input's identifiers to the asset; one that already names another asset is a 409 naming both. */
    private Uni<Void> claimIdentifiers(SqlClient db, UUID id, AssetInput input) {
        List<Identifiers.Key> keys = input.keys();
        return repository.claim(db, Collections.nCopies(keys.size(), id), keys,
                        IntStream.range(0, keys.size()).boxed().toList())
                .chain(taken -> taken.isEmpty() ? Uni.createFrom().voidItem()
                        : repository.owners(db, taken).invoke(owners -> {
                            throw identifierConflict(owners);
                        }).replaceWithVoid());
    }

    static ProblemException identifierConflict(Map<String, UUID> owners) {
        List<FieldError> errors = owners.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new FieldError("identifiers", e.getKey() + " already names asset " + e.getValue()))
                .toList();
        return new ProblemException(409, "Conflict", "identifiers already name other assets: "
                + String.join(", ", Set.copyOf(owners.keySet())), errors);
    }
}
