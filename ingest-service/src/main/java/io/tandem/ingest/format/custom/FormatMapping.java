package io.tandem.ingest.format.custom;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.model.json.Json;
import io.tandem.service.problem.ProblemException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A user-defined format as an admin declares it at {@code POST /api/v1/formats} and as it is stored on
 * {@code ingest.config}: where the alerts are, where each Signal field is (a JSON Pointer {@code /a/b}, a JSONPath
 * {@code $.a.b}, a constant {@code {"const": "security"}}, or an array of those meaning "the first that matches"),
 * how the source's severity and status words translate, what makes the fingerprint, and an example payload that the
 * mapping must fit.
 *
 * @param alerts        where the list of alerts is in each document; absent means the document is one alert
 * @param severityMap   source severity value (case-insensitive) to OCSF severity id 0-6 or 99
 * @param severityDefault OCSF severity id when the value is absent or unknown (default 0 Unknown)
 * @param statusMap     source status value (case-insensitive) to {@code firing} or {@code resolved}
 * @param statusDefault status when the value is absent or unknown (default {@code firing})
 * @param fingerprint   expressions whose values together make the dedup key
 * @param registeredBy  set by the service: who registered this version
 * @param registeredAt  set by the service: when
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FormatMapping(String id, String description, JsonNode alerts, Fields fields,
                            Map<String, Integer> severityMap, Integer severityDefault,
                            Map<String, String> statusMap, String statusDefault,
                            List<JsonNode> fingerprint, JsonNode example,
                            String registeredBy, Instant registeredAt) {

    /** The contract's JSON settings, except that a misspelt field is an error rather than silently ignored. */
    private static final ObjectMapper STRICT = Json.configure(new ObjectMapper())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Reads a declared mapping strictly: an unknown or mistyped field is a 400 problem naming it (a typo must not
     * silently drop part of a mapping).
     */
    public static FormatMapping fromJson(JsonNode json) {
        try {
            return STRICT.treeToValue(json, FormatMapping.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(step -> step.getFieldName() != null ? "." + step.getFieldName() : "[" + step.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "");
            throw ProblemException.badRequest(field.isEmpty() ? "body" : field, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("body", e.getOriginalMessage());
        }
    }

    /** Where each Signal field is found in one alert. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fields(JsonNode title, JsonNode description, JsonNode sourceEventId, JsonNode observedAt,
                         JsonNode status, JsonNode severity, JsonNode kind, JsonNode category, Asset asset,
                         JsonNode labels, List<ObservableField> observables) {
    }

    /** Where the asset's identifiers are. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Asset(JsonNode hostname, JsonNode ip, JsonNode cloudResourceId, JsonNode service,
                        JsonNode environment) {
    }

    /** Indicators of one type ({@code ip}, {@code domain}, {@code user}…) found at {@code path}; {@code name} labels them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ObservableField(String type, JsonNode path, String name) {
    }

    /** This mapping as registered by {@code actor} at {@code at}, whatever the request said about it. */
    public FormatMapping registered(String actor, Instant at) {
        return new FormatMapping(id, description, alerts, fields, severityMap, severityDefault, statusMap,
                statusDefault, fingerprint, example, actor, at);
    }
}
