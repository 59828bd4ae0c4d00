package io.tandem.inventory.asset;

import io.tandem.model.asset.Asset;
import io.tandem.model.asset.AssetAction;
import io.tandem.model.asset.AssetEvent;
import io.tandem.model.asset.Identifier;
import io.tandem.model.asset.IdentifierType;
import io.tandem.model.signal.AssetRef;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalSource;
import io.tandem.model.signal.SignalStatus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Inventory findings and the signals derived from them. Ids are name-based UUIDs of what the finding is about, so a
 * redelivered signal or a retried check yields the same ids and downstream consumers drop the duplicate.
 */
public final class Findings {

    /** Source format of the signals inventory derives; inventory ignores signals of this format. */
    public static final String SOURCE_FORMAT = "tandem-inventory";

    /** The stable event id of a finding: the same asset, action and cause always give the same id. */
    public static UUID eventId(AssetEvent event) {
        String cause = event.signalId() != null ? event.signalId().toString() : event.occurredAt().toString();
        return name("event:" + event.action().wire() + ":" + event.asset().id() + ":" + cause);
    }

    /**
     * The signal that re-enters the pipeline for a finding: a zombie is a security signal (something answers on an
     * address we retired), a discovered or stale asset an operational one.
     */
    public static Signal signal(AssetEvent event, Instant now) {
        Asset asset = event.asset();
        AssetAction action = event.action();
        SignalKind kind = action == AssetAction.ZOMBIE_SEEN ? SignalKind.SECURITY : SignalKind.OPERATIONAL;
        Severity severity = switch (action) {
            case ZOMBIE_SEEN -> Severity.HIGH;
            case STALE -> Severity.MEDIUM;
            default -> Severity.LOW;
        };
        String title = switch (action) {
            case DISCOVERED -> "Unmanaged asset discovered: " + asset.name();
            case ZOMBIE_SEEN -> "Decommissioned asset seen again: " + asset.name();
            case STALE -> "Managed asset is stale: " + asset.name();
            case UNMANAGED -> "Asset is unmanaged: " + asset.name();
            case DECOMMISSIONED -> "Asset decommissioned: " + asset.name();
        };
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("assetId", asset.id().toString());
        labels.put("inventoryAction", action.wire());
        if (event.signalId() != null) {
            labels.put("originSignalId", event.signalId().toString());
        }
        if (asset.ownerTeam() != null) {
            labels.put("ownerTeam", asset.ownerTeam());
        }
        UUID eventId = eventId(event);
        return new Signal(name("signal:" + eventId), new SignalSource(SOURCE_FORMAT, "inventory-service"),
                eventId.toString(), SOURCE_FORMAT + ":" + action.wire() + ":" + asset.id(), kind, "asset-" + action.wire(),
                title, event.reason(), severity, SignalStatus.FIRING, event.occurredAt(), now, ref(asset), labels,
                null, null, null, null, null);
    }

    static AssetRef ref(Asset asset) {
        String host = first(asset, IdentifierType.FQDN);
        if (host == null) {
            host = first(asset, IdentifierType.HOSTNAME);
        }
        return new AssetRef(host == null && first(asset, IdentifierType.IP) == null
                && first(asset, IdentifierType.CLOUD_RESOURCE_ID) == null ? asset.name() : host,
                first(asset, IdentifierType.IP), first(asset, IdentifierType.CLOUD_RESOURCE_ID), null, asset.environment());
    }

    private static String first(Asset asset, IdentifierType type) {
        return asset.identifiers().stream().filter(i -> i.type() == type).map(Identifier::value).findFirst().orElse(null);
    }

    private static UUID name(String text) {
        return UUID.nameUUIDFromBytes(("tandem-inventory:" + text).getBytes(StandardCharsets.UTF_8));
    }

    private Findings() {
    }
}
