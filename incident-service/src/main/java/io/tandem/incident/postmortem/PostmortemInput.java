package io.tandem.incident.postmortem;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.service.problem.Problem.FieldError;
import io.tandem.service.problem.ProblemException;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A postmortem body, validated field by field. */
record PostmortemInput(String summary, String impact, Postmortem.Factors contributingFactors, List<Long> timelineExcerpt,
                       List<Item> actionItems) {

    record Item(String title, String owner, LocalDate dueDate, Postmortem.RequestedChange requestChange) {
    }

    static PostmortemInput parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String summary = text(body, "summary", "summary", true, errors);
        String impact = text(body, "impact", "impact", true, errors);
        JsonNode factors = body.path("contributingFactors");
        Postmortem.Factors contributing = new Postmortem.Factors(texts(factors, "operational",
                "contributingFactors.operational", errors), texts(factors, "security", "contributingFactors.security", errors));
        List<Long> excerpt = new ArrayList<>();
        JsonNode ids = body.get("timelineExcerpt");
        if (ids != null && ids.isArray()) {
            for (int i = 0; i < ids.size(); i++) {
                if (!ids.get(i).canConvertToLong()) {
                    errors.add(new FieldError("timelineExcerpt[" + i + "]", "a timeline entry id"));
                } else {
                    excerpt.add(ids.get(i).asLong());
                }
            }
        }
        List<Item> items = new ArrayList<>();
        JsonNode itemNodes = body.get("actionItems");
        if (itemNodes != null && itemNodes.isArray()) {
            for (int i = 0; i < itemNodes.size(); i++) {
                JsonNode n = itemNodes.get(i);
                String at = "actionItems[" + i + "].";
                String title = text(n, "title", at + "title", true, errors);
                String owner = text(n, "owner", at + "owner", true, errors);
                LocalDate due = null;
                String dueText = text(n, "dueDate", at + "dueDate", true, errors);
                if (dueText != null) {
                    try {
                        due = LocalDate.parse(dueText);
                    } catch (DateTimeException e) {
                        errors.add(new FieldError(at + "dueDate", "a date such as 2026-12-01"));
                    }
                }
                Postmortem.RequestedChange change = null;
                JsonNode c = n.get("requestChange");
                if (c != null && !c.isNull()) {
                    change = new Postmortem.RequestedChange(text(c, "title", at + "requestChange.title", true, errors),
                            text(c, "description", at + "requestChange.description", false, errors),
                            texts(c, "assetKeys", at + "requestChange.assetKeys", errors));
                }
                if (title != null && items.stream().anyMatch(x -> title.equals(x.title()))) {
                    errors.add(new FieldError(at + "title", "two action items with the same title"));
                }
                items.add(new Item(title, owner, due, change));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "invalid postmortem", errors);
        }
        return new PostmortemInput(summary, impact, contributing, excerpt, items);
    }

    private static String text(JsonNode node, String field, String path, boolean required, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(path, "is required"));
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            errors.add(new FieldError(path, "must be non-empty text"));
            return null;
        }
        return value.asText().trim();
    }

    private static List<String> texts(JsonNode node, String field, String path, List<FieldError> errors) {
        List<String> values = new ArrayList<>();
        JsonNode array = node.get(field);
        if (array == null || array.isNull()) {
            return values;
        }
        if (!array.isArray()) {
            errors.add(new FieldError(path, "an array of text"));
            return values;
        }
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
