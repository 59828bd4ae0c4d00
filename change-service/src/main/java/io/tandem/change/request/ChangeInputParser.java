package io.tandem.change.request;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.model.Wire;
import io.tandem.model.change.ChangeType;
import io.tandem.model.change.Risk;
import io.tandem.model.change.SecurityImpact;
import io.tandem.service.problem.Problem.FieldError;
import io.tandem.service.problem.ProblemException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Reads a change request body, collecting every problem as a field error so one answer names everything to fix.
 * Fields the API writes itself (status, approvals, ...) are accepted and ignored, so a client may send back what it
 * read; any other unknown field is an error.
 */
public final class ChangeInputParser {

    static final Set<String> FIELDS = Set.of("title", "description", "type", "templateId", "assetIds", "plannedStart",
            "plannedEnd", "risk", "riskReason", "rollbackPlan", "securityImpact", "temporary", "expiresAt");
    static final Set<String> READ_ONLY = Arrays.stream(ChangeRequest.class.getRecordComponents())
            .map(c -> c.getName()).collect(Collectors.toUnmodifiableSet());
    /** The questions of the security impact assessment, in {@link SecurityImpact}'s order. */
    static final List<String> IMPACT_ASPECTS = List.of("touchesAccess", "touchesNetworkExposure", "touchesData",
            "touchesSecurityControls");

    /** The input, or a 400 naming each offending field. */
    public static ChangeInput parse(JsonNode node) {
        List<FieldError> errors = new ArrayList<>();
        if (node == null || !node.isObject()) {
            throw ProblemException.badRequest("body", "must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name) && !READ_ONLY.contains(name)) {
                errors.add(new FieldError(name, "unknown field"));
            }
        }
        String title = text(node, "title", errors);
        String description = text(node, "description", errors);
        if (title == null) {
            errors.add(new FieldError("title", "missing required field"));
        }
        ChangeType type = enumValue(node, "type", ChangeType.class, errors);
        if (type == null && !node.hasNonNull("type")) {
            errors.add(new FieldError("type", "missing required field"));
        }
        UUID templateId = uuid(node.get("templateId"), "templateId", errors);
        if (type == ChangeType.STANDARD && templateId == null && !node.hasNonNull("templateId")) {
            errors.add(new FieldError("templateId", "a standard change is made from a pre-approved template"));
        }
        if (type != null && type != ChangeType.STANDARD && templateId != null) {
            errors.add(new FieldError("templateId", "only standard changes come from a template"));
        }
        List<UUID> assetIds = assetIds(node, errors);
        Instant start = instant(node, "plannedStart", true, errors);
        Instant end = instant(node, "plannedEnd", true, errors);
        if (start != null && end != null && !end.isAfter(start)) {
            errors.add(new FieldError("plannedEnd", "must be after plannedStart"));
        }
        Risk risk = enumValue(node, "risk", Risk.class, errors);
        String riskReason = text(node, "riskReason", errors);
        if (risk != null && riskReason == null) {
            errors.add(new FieldError("riskReason", "overriding the computed risk needs a reason"));
        }
        String rollbackPlan = text(node, "rollbackPlan", errors);
        boolean assessed = type == ChangeType.NORMAL || type == ChangeType.EMERGENCY;
        if (assessed && rollbackPlan == null) {
            errors.add(new FieldError("rollbackPlan", "required for " + type.wire() + " changes"));
        }
        SecurityImpact impact = securityImpact(node, errors);
        if (assessed && impact == null && !node.hasNonNull("securityImpact")) {
            errors.add(new FieldError("securityImpact", "a security impact assessment is required for "
                    + type.wire() + " changes"));
        }
        boolean temporary = bool(node, "temporary", errors);
        Instant expiresAt = instant(node, "expiresAt", false, errors);
        if (temporary && expiresAt == null && !node.hasNonNull("expiresAt")) {
            errors.add(new FieldError("expiresAt", "a temporary change needs an expiry"));
        }
        if (!temporary && expiresAt != null) {
            errors.add(new FieldError("expiresAt", "only temporary changes expire; set temporary to true"));
        }
        if (temporary && expiresAt != null && start != null && !expiresAt.isAfter(start)) {
            errors.add(new FieldError("expiresAt", "must be after plannedStart"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "invalid change: " + errors.size() + " field(s) to fix", errors);
        }
        return new ChangeInput(title, description, type, templateId, assetIds, start, end, risk,
                riskReason, rollbackPlan, impact, temporary, expiresAt);
    }

    private static List<UUID> assetIds(JsonNode node, List<FieldError> errors) {
        JsonNode ids = node.get("assetIds");
        if (ids == null || ids.isNull() || !ids.isArray() || ids.isEmpty()) {
            errors.add(new FieldError("assetIds", "name at least one affected asset (inventory ids)"));
            return List.of();
        }
        List<UUID> result = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            UUID id = uuid(ids.get(i), "assetIds[" + i + "]", errors);
            if (id != null && !result.contains(id)) {
                result.add(id);
            }
        }
        return result;
    }

    private static SecurityImpact securityImpact(JsonNode node, List<FieldError> errors) {
        JsonNode impact = node.get("securityImpact");
        if (impact == null || impact.isNull()) {
            return null;
        }
        if (!impact.isObject()) {
            errors.add(new FieldError("securityImpact", "must be an object with " + String.join(", ", IMPACT_ASPECTS)
                    + " and notes"));
            return null;
        }
        int before = errors.size();
        boolean[] aspects = new boolean[4];
        for (int i = 0; i < IMPACT_ASPECTS.size(); i++) {
            JsonNode aspect = impact.get(IMPACT_ASPECTS.get(i));
            if (aspect == null || !aspect.isBoolean()) {
                errors.add(new FieldError("securityImpact." + IMPACT_ASPECTS.get(i), "must be answered true or false"));
            } else {
                aspects[i] = aspect.booleanValue();
            }
        }
        String notes = text(impact, "notes", "securityImpact.notes", errors);
        SecurityImpact result = new SecurityImpact(aspects[0], aspects[1], aspects[2], aspects[3], notes);
        if (!result.none() && notes == null) {
            errors.add(new FieldError("securityImpact.notes", "explain the security impact"));
        }
        return errors.size() == before ? result : null;
    }

    private static String text(JsonNode node, String field, List<FieldError> errors) {
        return text(node, field, field, errors);
    }

    private static String text(JsonNode node, String field, String name, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(name, "must be a string"));
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    private static boolean bool(JsonNode node, String field, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(field, "must be true or false"));
            return false;
        }
        return value.booleanValue();
    }

    private static UUID uuid(JsonNode value, String field, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return UUID.fromString(value.asText());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "not a UUID: '" + value.asText() + "'"));
            return null;
        }
    }

    private static Instant instant(JsonNode node, String field, boolean required, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "missing required field"));
            }
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "not an RFC 3339 time: '" + value.asText() + "'"));
            return null;
        }
    }

    static <E extends Enum<E>> E enumValue(JsonNode node, String field, Class<E> type, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Wire.parse(type, value.asText());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, e.getMessage()));
            return null;
        }
    }

    private ChangeInputParser() {
    }
}
