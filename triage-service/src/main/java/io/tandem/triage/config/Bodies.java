package io.tandem.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.model.json.Json;
import io.tandem.service.problem.ProblemException;

import java.nio.charset.StandardCharsets;

/**
 * Request bodies are taken as JSON trees and read here with the contract's mapper, so a value the rule types refuse
 * (a malformed matcher, a bad regex, an unknown action) is a 400 that names the field, e.g. {@code matchers[0]}.
 */
final class Bodies {

    private Bodies() {
    }

    static <T> T read(JsonNode body, Class<T> type) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        return Json.read(body.toString().getBytes(StandardCharsets.UTF_8), type);
    }
}
