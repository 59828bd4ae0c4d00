package io.tandem.service.paging;

import io.tandem.service.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque paging cursors and the {@code limit} convention (default 50, max 1000): clients pass the cursor back
 * unchanged, so its content (the last sort key) can change without breaking them.
 */
public final class Cursors {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    /** The cursor that resumes after {@code sortKey}. */
    public static String encode(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    /** The sort key of a cursor, null for none; a cursor that was not made by {@link #encode} is a 400 naming it. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("cursor", "not a cursor returned by this API");
        }
    }

    /** The effective page size; outside 1 to {@value #MAX_LIMIT} is a 400 naming {@code limit}. */
    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ProblemException.badRequest("limit", "must be between 1 and " + MAX_LIMIT + ", was " + requested);
        }
        return requested;
    }

    private Cursors() {
    }
}
