package io.tandem.incident.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.model.Wire;
import io.tandem.service.problem.Problem.FieldError;
import io.tandem.service.problem.ProblemException;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses and validates schedule and override bodies, naming every offending field (JSON Pointer style). */
final class ScheduleInput {

    /** A schedule body without id and overrides. */
    static Schedule schedule(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        String name = text(body, "name", true, errors);
        String team = text(body, "team", false, errors);
        String zone = text(body, "timeZone", true, errors);
        if (zone != null) {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                errors.add(new FieldError("timeZone", "not a time zone id such as Europe/Berlin: '" + zone + "'"));
            }
        }
        List<Schedule.Layer> layers = new ArrayList<>();
        JsonNode layerNodes = body.get("layers");
        if (layerNodes == null || !layerNodes.isArray() || layerNodes.isEmpty()) {
            errors.add(new FieldError("layers", "at least one layer is required"));
        } else {
            for (int i = 0; i < layerNodes.size(); i++) {
                layers.add(layer(layerNodes.get(i), "layers[" + i + "].", errors));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "invalid schedule: " + errors.size() + " field(s) to fix", errors);
        }
        return new Schedule(null, name, team, zone, layers, List.of(), null, null);
    }

    private static Schedule.Layer layer(JsonNode node, String at, List<FieldError> errors) {
        String name = text(node, "name", false, errors, at);
        Schedule.RotationType type = null;
        String rotation = text(node, "rotation", true, errors, at);
        if (rotation != null) {
            try {
                type = Wire.parse(Schedule.RotationType.class, rotation);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(at + "rotation", "one of daily, weekly, custom"));
            }
        }
        Integer length = null;
        JsonNode lengthNode = node.get("lengthHours");
        if (type == Schedule.RotationType.CUSTOM) {
            if (lengthNode == null || !lengthNode.canConvertToInt() || lengthNode.asInt() < 1) {
                errors.add(new FieldError(at + "lengthHours", "a custom rotation needs a length of at least 1 hour"));
            } else {
                length = lengthNode.asInt();
            }
        }
        LocalDateTime start = local(node, "start", true, errors, at);
        LocalDateTime end = local(node, "end", false, errors, at);
        if (start != null && end != null && !end.isAfter(start)) {
            errors.add(new FieldError(at + "end", "must be after start"));
        }
        List<String> users = new ArrayList<>();
        JsonNode userNodes = node.get("users");
        if (userNodes == null || !userNodes.isArray() || userNodes.isEmpty()) {
            errors.add(new FieldError(at + "users", "at least one user is required"));
        } else {
            for (int i = 0; i < userNodes.size(); i++) {
                JsonNode u = userNodes.get(i);
                if (!u.isTextual() || u.asText().isBlank()) {
                    errors.add(new FieldError(at + "users[" + i + "]", "must be a user name"));
                } else {
                    users.add(u.asText().trim());
                }
            }
        }
        List<Schedule.Restriction> restrictions = new ArrayList<>();
        JsonNode restrictionNodes = node.get("restrictions");
        if (restrictionNodes != null && !restrictionNodes.isNull()) {
            if (!restrictionNodes.isArray()) {
                errors.add(new FieldError(at + "restrictions", "an array of {days, start, duration}"));
            } else {
                for (int i = 0; i < restrictionNodes.size(); i++) {
                    restrictions.add(restriction(restrictionNodes.get(i), at + "restrictions[" + i + "].", errors));
                }
            }
        }
        return new Schedule.Layer(name == null ? "layer " + at : name, type, length, start, end, users, restrictions);
    }

    /** {@code {"days"?: ["monday", …], "start": "09:00", "duration": "PT8H"}}. */
    private static Schedule.Restriction restriction(JsonNode node, String at, List<FieldError> errors) {
        List<DayOfWeek> days = new ArrayList<>();
        JsonNode dayNodes = node.get("days");
        if (dayNodes != null && !dayNodes.isNull()) {
            if (!dayNodes.isArray()) {
                errors.add(new FieldError(at + "days", "an array of weekdays such as monday"));
            } else {
                for (int i = 0; i < dayNodes.size(); i++) {
                    try {
                        days.add(DayOfWeek.valueOf(dayNodes.get(i).asText().trim().toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        errors.add(new FieldError(at + "days[" + i + "]", "a weekday such as monday, was '"
                                + dayNodes.get(i).asText() + "'"));
                    }
                }
            }
        }
        LocalTime start = null;
        String startText = text(node, "start", true, errors, at);
        if (startText != null) {
            try {
                start = LocalTime.parse(startText);
            } catch (DateTimeException e) {
                errors.add(new FieldError(at + "start", "a local time of day such as 09:00"));
            }
        }
        Duration duration = null;
        String durationText = text(node, "duration", true, errors, at);
        if (durationText != null) {
            try {
                duration = Duration.parse(durationText);
            } catch (DateTimeException e) {
                duration = null;
            }
            if (duration == null || duration.isNegative() || duration.isZero()
                    || duration.compareTo(Schedule.Restriction.MAX) > 0) {
                errors.add(new FieldError(at + "duration", "a positive ISO-8601 duration of at most P7D, e.g. PT8H"));
            }
        }
        return new Schedule.Restriction(days, start, duration);
    }

    /** An override body: {@code {"user", "start", "end"}} with RFC 3339 times. */
    static Schedule.Override override(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        String user = text(body, "user", true, errors);
        Instant start = instant(body, "start", errors);
        Instant end = instant(body, "end", errors);
        if (start != null && end != null && !end.isAfter(start)) {
            errors.add(new FieldError("end", "must be after start"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "invalid override", errors);
        }
        return new Schedule.Override(null, user, start, end);
    }

    private static String text(JsonNode node, String field, boolean required, List<FieldError> errors) {
        return text(node, field, required, errors, "");
    }

    private static String text(JsonNode node, String field, boolean required, List<FieldError> errors, String at) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(at + field, "is required"));
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            errors.add(new FieldError(at + field, "must be non-empty text"));
            return null;
        }
        return value.asText().trim();
    }

    private static LocalDateTime local(JsonNode node, String field, boolean required, List<FieldError> errors, String at) {
        String value = text(node, field, required, errors, at);
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value);
        } catch (DateTimeException e) {
            errors.add(new FieldError(at + field, "a local date-time in the schedule's zone, e.g. 2026-03-01T09:00"));
            return null;
        }
    }

    private static Instant instant(JsonNode node, String field, List<FieldError> errors) {
        String value = text(node, field, true, errors, "");
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeException e) {
            errors.add(new FieldError(field, "an RFC 3339 time, e.g. 2026-03-29T07:30:00Z"));
            return null;
        }
    }

    private ScheduleInput() {
    }
}
