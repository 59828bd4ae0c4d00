package io.tandem.inventory.asset;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.model.Wire;
import io.tandem.model.asset.AssetType;
import io.tandem.model.asset.Identifier;
import io.tandem.model.asset.IdentifierType;
import io.tandem.model.asset.Identifiers;
import io.tandem.model.asset.Lifecycle;
import io.tandem.model.asset.PrivilegeLevel;
import io.tandem.model.asset.Relation;
import io.tandem.model.asset.RelationType;
import io.tandem.service.problem.Problem.FieldError;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads an asset from a JSON object (REST body, JSON import row) or a CSV row, collecting every problem as a
 * field error instead of stopping at the first, so one answer tells the client everything to fix.
 * Identifiers can be given as {@code identifiers: [{type, value}]} or as flat {@code hostname}, {@code fqdn},
 * {@code ip}, {@code mac}, {@code cloudResourceId} fields (arrays, or {@code ;}-separated text in CSV).
 */
public final class AssetInputParser {

    /** Flat identifier fields and the identifier type each carries. */
    public static final Map<String, IdentifierType> IDENTIFIER_FIELDS = Map.of(
            "hostname", IdentifierType.HOSTNAME, "fqdn", IdentifierType.FQDN, "ip", IdentifierType.IP,
            "mac", IdentifierType.MAC, "cloudResourceId", IdentifierType.CLOUD_RESOURCE_ID);

    /** Every field an input may carry; {@code id}, {@code sources} and {@code updatedAt} are read-only and ignored. */
    public static final Set<String> FIELDS = Set.of("name", "type", "identifiers", "environment", "ownerTeam",
            "criticality", "segment", "lifecycle", "managed", "privilegeLevel", "lastSeenAt", "lastPatchedAt", "tags",
            "relations", "hostname", "fqdn", "ip", "mac", "cloudResourceId", "id", "sources", "updatedAt");

    /** The input, or null when {@code errors} received at least one error; field names are prefixed by {@code at}. */
    public static AssetInput parse(JsonNode node, String at, List<FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(at.isEmpty() ? "body" : at, "must be a JSON object"));
            return null;
        }
        Reader r = new Reader(at, errors);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                r.error(name, "unknown field");
            }
        }
        return r.read(node);
    }

    private static final class Reader {
        private final String at;
        private final List<FieldError> errors;
        private final int before;

        Reader(String at, List<FieldError> errors) {
            this.at = at;
            this.errors = errors;
            this.before = errors.size();
        }

        AssetInput read(JsonNode node) {
            String name = text(node, "name");
            AssetType type = enumValue(node, "type", AssetType.class);
            List<Identifier> identifiers = identifiers(node);
            List<Identifiers.Key> keys = keys(identifiers);
            if (type == null && !node.hasNonNull("type")) {
                error("type", "missing required field");
            }
            if (name == null) {
                if (identifiers.isEmpty()) {
                    error("name", "missing required field (or give an identifier to name the asset after)");
                } else {
                    name = identifiers.get(0).value().trim();
                }
            }
            Integer criticality = criticality(node);
            Lifecycle lifecycle = enumValue(node, "lifecycle", Lifecycle.class);
            Boolean managed = bool(node, "managed");
            PrivilegeLevel privilege = enumValue(node, "privilegeLevel", PrivilegeLevel.class);
            if (privilege != null && type != null && type != AssetType.IDENTITY) {
                error("privilegeLevel", "only an identity carries a privilege level, this asset is a " + type.wire());
            }
            Instant lastSeen = time(node, "lastSeenAt");
            Instant lastPatched = time(node, "lastPatchedAt");
            Map<String, String> tags = tags(node);
            List<Relation> relations = relations(node);
            if (errors.size() > before) {
                return null;
            }
            return new AssetInput(name, type, identifiers, keys, text(node, "environment"), text(node, "ownerTeam"),
                    criticality, text(node, "segment"), lifecycle, managed, privilege, lastSeen, lastPatched, tags,
                    relations);
        }

        void error(String field, String message) {
            errors.add(new FieldError(at.isEmpty() ? field : at + "." + field, message));
        }

        private String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isValueNode()) {
                error(field, "must be text");
                return null;
            }
            String text = value.asText().trim();
            return text.isEmpty() ? null : text;
        }

        private <E extends Enum<E>> E enumValue(JsonNode node, String field, Class<E> type) {
            String text = text(node, field);
            if (text == null) {
                return null;
            }
            try {
                return Wire.parse(type, text.replace('_', '-'));
            } catch (IllegalArgumentException e) {
                error(field, e.getMessage());
                return null;
            }
        }

        private Integer criticality(JsonNode node) {
            String text = text(node, "criticality");
            if (text == null) {
                return null;
            }
            try {
                int value = Integer.parseInt(text);
                if (value >= 1 && value <= 4) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // Reported below with the allowed range.
            }
            error("criticality", "must be a tier from 1 (most critical) to 4, was '" + text + "'");
            return null;
        }

        private Boolean bool(JsonNode node, String field) {
            String text = text(node, field);
            if (text == null) {
                return null;
            }
            switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> {
                    return true;
                }
                case "false", "no", "0" -> {
                    return false;
                }
                default -> {
                    error(field, "must be true or false, was '" + text + "'");
                    return null;
                }
            }
        }

        private Instant time(JsonNode node, String field) {
            String text = text(node, field);
            if (text == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                error(field, "must be an RFC 3339 time such as 2026-01-31T12:00:00Z, was '" + text + "'");
                return null;
            }
        }

        private List<Identifier> identifiers(JsonNode node) {
            List<Identifier> identifiers = new ArrayList<>();
            JsonNode list = node.get("identifiers");
            if (list != null && !list.isNull()) {
                if (!list.isArray()) {
                    error("identifiers", "must be an array of {type, value}");
                } else {
                    for (int i = 0; i < list.size(); i++) {
                        JsonNode item = list.get(i);
                        String path = "identifiers[" + i + "]";
                        IdentifierType type = enumValue(item, path + ".type", IdentifierType.class, item.get("type"));
                        String value = item.hasNonNull("value") && item.get("value").isValueNode()
                                ? item.get("value").asText().trim() : "";
                        if (value.isEmpty()) {
                            error(path + ".value", "missing required field");
                        } else if (type != null) {
                            identifiers.add(new Identifier(type, value));
                        }
                    }
                }
            }
            IDENTIFIER_FIELDS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                JsonNode value = node.get(e.getKey());
                if (value == null || value.isNull()) {
                    return;
                }
                List<String> values = new ArrayList<>();
                if (value.isArray()) {
                    value.forEach(v -> values.add(v.asText()));
                } else if (value.isValueNode()) {
                    values.addAll(List.of(value.asText().split(";")));
                } else {
                    error(e.getKey(), "must be text or an array of text");
                }
                values.stream().map(String::trim).filter(v -> !v.isEmpty())
                        .forEach(v -> identifiers.add(new Identifier(e.getValue(), v)));
            });
            return identifiers;
        }

        private <E extends Enum<E>> E enumValue(JsonNode item, String path, Class<E> type, JsonNode value) {
            if (value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank()) {
                error(path, "missing required field");
                return null;
            }
            try {
                return Wire.parse(type, value.asText().trim().replace('_', '-'));
            } catch (IllegalArgumentException e) {
                error(path, e.getMessage());
                return null;
            }
        }

        private List<Identifiers.Key> keys(List<Identifier> identifiers) {
            List<Identifier> valid = new ArrayList<>();
            for (int i = 0; i < identifiers.size(); i++) {
                try {
                    Identifiers.keys(identifiers.get(i));
                    valid.add(identifiers.get(i));
                } catch (IllegalArgumentException e) {
                    error(fieldOf(identifiers.get(i)), e.getMessage());
                }
            }
            return Identifiers.keys(valid);
        }

        private static String fieldOf(Identifier identifier) {
            return switch (identifier.type()) {
                case HOSTNAME -> "hostname";
                case FQDN -> "fqdn";
                case IP -> "ip";
                case MAC -> "mac";
                case CLOUD_RESOURCE_ID -> "cloudResourceId";
            };
        }

        private Map<String, String> tags(JsonNode node) {
            JsonNode value = node.get("tags");
            if (value == null || value.isNull()) {
                return null;
            }
            Map<String, String> tags = new LinkedHashMap<>();
            if (value.isObject()) {
                value.fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            } else if (value.isTextual()) {
                for (String pair : value.asText().split(";")) {
                    if (pair.isBlank()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        error("tags", "must be key=value pairs separated by ';', got '" + pair.trim() + "'");
                        return null;
                    }
                    tags.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            } else {
                error("tags", "must be an object of text values");
                return null;
            }
            return tags;
        }

        private List<Relation> relations(JsonNode node) {
            JsonNode list = node.get("relations");
            if (list == null || list.isNull()) {
                return null;
            }
            if (!list.isArray()) {
                error("relations", "must be an array of {type, targetId}");
                return null;
            }
            List<Relation> relations = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                String path = "relations[" + i + "]";
                RelationType type = enumValue(item, path + ".type", RelationType.class, item.get("type"));
                UUID target = null;
                JsonNode id = item.get("targetId");
                if (id == null || id.isNull()) {
                    error(path + ".targetId", "missing required field");
                } else {
                    try {
                        target = UUID.fromString(id.asText());
                    } catch (IllegalArgumentException e) {
                        error(path + ".targetId", "must be an asset id (UUID), was '" + id.asText() + "'");
                    }
                }
                if (type != null && target != null) {
                    relations.add(new Relation(type, target));
                }
            }
            return relations;
        }
    }

    private AssetInputParser() {
    }
}
