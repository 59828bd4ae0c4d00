package io.tandem.service.paging;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list answer in the platform's shape, {@code {"items": [...], "nextCursor": "..." | null}}.
 *
 * @param nextCursor opaque; null on the last page, and written as {@code null} even by mappers that omit nulls
 */
public record Page<T>(List<T> items, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * Builds a page from a query that fetched up to {@code limit + 1} rows in cursor order: the extra row only
     * proves there is a next page, and the cursor points after the last row returned.
     */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> sortKey) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        return new Page<>(items, Cursors.encode(sortKey.apply(items.get(limit - 1))));
    }
}
