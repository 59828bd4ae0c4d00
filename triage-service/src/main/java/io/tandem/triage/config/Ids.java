package io.tandem.triage.config;

import io.tandem.service.problem.ProblemException;

import java.util.UUID;

/** Path ids: a malformed one is a 400 naming it, an unknown one a 404. */
public final class Ids {

    private Ids() {
    }

    public static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("id", "'" + id + "' is not a UUID");
        }
    }

    public static <T> T found(T value, String what) {
        if (value == null) {
            throw ProblemException.notFound(what);
        }
        return value;
    }
}
