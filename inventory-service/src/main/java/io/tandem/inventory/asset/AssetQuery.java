package io.tandem.inventory.asset;

import io.tandem.model.asset.AssetType;
import io.tandem.model.asset.Lifecycle;

import java.util.List;
import java.util.UUID;

/**
 * Filters of the asset list; null means "any". {@code identifierKeys} are normalized lookup keys, {@code after}
 * the id the page starts after.
 */
public record AssetQuery(
        AssetType type,
        String environment,
        String ownerTeam,
        Lifecycle lifecycle,
        Boolean managed,
        boolean zombie,
        boolean stale,
        String text,
        List<String> identifierKeys,
        UUID after,
        int limit) {
}
