package io.tandem.incident.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.model.Wire;
import io.tandem.service.problem.Problem.FieldError;
import io.tandem.service.problem.ProblemException;

import java.util.List;
import java.util.UUID;

/** Request parsing shared by the incident resources: ids, enums and optional text that name the field when wrong. */
public final class Params {

    /** A path id; one that is not a UUID cannot exist, so it is a 404 for {@code what}. */
    public static UUID id(String value, String what) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound(what + " " + value);
        }
    }

    public static <T> T found(T value, String what) {
        if (value == null) {
            throw ProblemException.notFound(what);
        }
        return value;
    }

    public static <E extends Enum<E>> E enumParam(String name, String value, Class<E> type, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Wire.parse(type, value.trim());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(name, e.getMessage()));
            return null;
        }
    }

    /** A text field of a JSON body, null when absent; a non-text value is a 400 naming it. */
    public static String text(JsonNode body, String field) {
        if (body == null || body.get(field) == null || body.get(field).isNull()) {
            return null;
        }
        JsonNode value = body.get(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ProblemException.badRequest(field, "must be non-empty text");
        }
        return value.asText().trim();
    }

    /** A required text field of a JSON body. */
    public static String requiredText(JsonNode body, String field) {
        String value = text(body, field);
        if (value == null) {
            throw ProblemException.badRequest(field, "is required");
        }
        return value;
    }

    /** A required UUID field of a JSON body. */
    public static UUID requiredId(JsonNode body, String field) {
        String value = requiredText(body, field);
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, "must be a UUID, was '" + value + "'");
        }
    }

    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private Params() {
    }
}
