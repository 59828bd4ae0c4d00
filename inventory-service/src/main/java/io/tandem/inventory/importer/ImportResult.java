package io.tandem.inventory.importer;

/** What one import did: rows read, assets created and updated, and how long it took end to end. */
public record ImportResult(String source, int rows, int created, int updated, long durationMillis) {
}
