package io.tandem.ingest.format.support;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tandem.ingest.format.ParseException;
import io.tandem.model.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads JSON payloads (one document, or a stream of documents such as NDJSON) into trees, failing as ParseException. */
public final class JsonPayload {

    private static final ObjectReader STRICT = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** One JSON document occupying the whole payload, and the 1-based line it starts on. */
    public record Document(Node node, int line) {
    }

    /** Exactly one JSON document; trailing content is an error (a stray bracket must not pass silently). */
    public static Node one(byte[] payload) {
        if (payload == null || isBlank(payload)) {
            throw new ParseException("empty payload", "/", null);
        }
        try {
            JsonNode tree = STRICT.readTree(payload);
            if (tree == null || tree.isMissingNode()) {
                throw new ParseException("empty payload", "/", null);
            }
            return Node.document(tree, payload, firstNonBlank(payload), lastNonBlank(payload) + 1);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new ParseException("unreadable JSON: " + e.getMessage(), "/", null, e);
        }
    }

    /** Every JSON document in the payload: one, or several concatenated / newline-delimited. */
    public static List<Document> many(byte[] payload) {
        if (payload == null || isBlank(payload)) {
            throw new ParseException("empty payload", "/", null);
        }
        List<Document> documents = new ArrayList<>();
        try (JsonParser parser = Json.mapper().getFactory().createParser(payload)) {
            while (parser.nextToken() != null) {
                int line = parser.currentTokenLocation().getLineNr();
                if (parser.currentToken() != JsonToken.START_OBJECT && parser.currentToken() != JsonToken.START_ARRAY) {
                    throw new ParseException("line " + line + ": expected a JSON object or array", "/", line);
                }
                long from = parser.currentTokenLocation().getByteOffset();
                JsonNode tree = Json.mapper().readTree(parser);
                long to = parser.currentLocation().getByteOffset();
                documents.add(new Document(Node.document(tree, payload, (int) from, (int) to), line));
            }
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new ParseException("unreadable JSON: " + e.getMessage(), "/", null, e);
        }
        if (documents.isEmpty()) {
            throw new ParseException("empty payload", "/", null);
        }
        return documents;
    }

    /** A top-level array yields its elements; anything else yields itself. */
    public static List<Node> itemsOf(Node node) {
        return node.isArray() ? node.elements() : List.of(node);
    }

    private static ParseException malformed(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        Integer line = location == null || location.getLineNr() < 1 ? null : location.getLineNr();
        String where = line == null ? "" : " at line " + line + ", column " + location.getColumnNr();
        return new ParseException("malformed JSON" + where + ": " + e.getOriginalMessage(), "/", line, e);
    }

    private static boolean isBlank(byte[] payload) {
        return firstNonBlank(payload) == payload.length;
    }

    private static int firstNonBlank(byte[] payload) {
        int i = 0;
        while (i < payload.length && isWhitespace(payload[i])) {
            i++;
        }
        return i;
    }

    private static int lastNonBlank(byte[] payload) {
        int i = payload.length - 1;
        while (i >= 0 && isWhitespace(payload[i])) {
            i--;
        }
        return i;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private JsonPayload() {
    }
}
