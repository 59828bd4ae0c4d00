package io.tandem.service.problem;

import java.util.List;

/**
 * Thrown by services to answer with a problem document: a validation error (400/422) names each field, a state
 * conflict (409) names the current state.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    /** 400 for one bad field. */
    public static ProblemException badRequest(String field, String message) {
        return new ProblemException(400, "Bad Request", field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }

    /** 409 for an action that the resource's current state does not allow. */
    public static ProblemException conflict(String currentState, String detail) {
        return new ProblemException(409, "Conflict", detail + " (current state: " + currentState + ")",
                List.of(new Problem.FieldError("state", currentState)));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "Not Found", what + " not found", List.of());
    }

    public int status() {
        return status;
    }

    public Problem toProblem(String instance) {
        return new Problem("about:blank", title, status, getMessage(), instance, errors);
    }
}
