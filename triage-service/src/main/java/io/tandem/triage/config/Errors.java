package io.tandem.triage.config;

import io.tandem.service.problem.Problem;
import io.tandem.service.problem.ProblemException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Collects every problem with a request body, so one answer names them all. */
final class Errors {

    private final List<Problem.FieldError> errors = new ArrayList<>();

    void add(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request",
                    errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors);
        }
    }
}
