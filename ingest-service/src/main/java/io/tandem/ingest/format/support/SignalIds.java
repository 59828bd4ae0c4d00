package io.tandem.ingest.format.support;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Deterministic identifiers: signal ids are name-based UUIDs (RFC 9562 version 5, SHA-1) in Tandem's namespace over
 * the format id and the source event's id, so the same event re-sent yields the same signal id; content hashes make
 * such keys for formats that carry no event id.
 */
public final class SignalIds {

    /** Tandem's fixed namespace for signal ids; changing it would re-key every signal ever ingested. */
    public static final UUID NAMESPACE = UUID.fromString("8c1f3f0e-5b7a-4c59-9d36-7a1e2f4b6c0d");

    /** The signal id for {@code eventKey} of {@code format}. */
    public static UUID of(String format, String eventKey) {
        return nameBased(NAMESPACE, format + '\u0000' + eventKey);
    }

    /** An RFC 9562 version 5 UUID: SHA-1 over the namespace's bytes and the UTF-8 name. */
    public static UUID nameBased(UUID namespace, String name) {
        byte[] digest = digest(SHA_1, bytes(namespace), name.getBytes(StandardCharsets.UTF_8));
        digest[6] = (byte) ((digest[6] & 0x0f) | 0x50);
        digest[8] = (byte) ((digest[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(digest, 0, 16);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /** A short stable hash (128 bits of SHA-256, hex) of the parts, separated so that ("ab","c") differs from ("a","bc"). */
    public static String hash(String... parts) {
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            joined.append(part == null ? "\u0000" : part).append('\u001f');
        }
        byte[] digest = digest(SHA_256, joined.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    /** The hash of a JSON value in canonical form (object keys sorted), so key order and whitespace do not matter. */
    public static String contentHash(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        canonical(node, out);
        // hash(canonical) without a second copy: one part, then the separator hash() ends every part with.
        out.append('\u001f');
        byte[] digest = digest(SHA_256, out.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    private static void canonical(JsonNode node, StringBuilder out) {
        if (node == null || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            fields.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                quoted(fields.get(i).getKey(), out);
                out.append(':');
                canonical(fields.get(i).getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                canonical(node.get(i), out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            quoted(node.textValue(), out);
        } else if (node.isIntegralNumber() || node.isBoolean() || node.isNull()) {
            out.append(node.asText());
        } else {
            out.append(node);
        }
    }

    /**
     * A string as JSON writes it, the same text as {@code TextNode.toString()} without a serializer behind it: ids
     * already issued depend on this text, so it must not change.
     */
    private static void quoted(String text, StringBuilder out) {
        out.append('"');
        if (needsEscape(text)) {
            out.append(JsonStringEncoder.getInstance().quoteAsString(text));
        } else {
            out.append(text);
        }
        out.append('"');
    }

    /** Whether JSON escapes anything in {@code text}: control characters, quote and backslash, nothing else. */
    static boolean needsEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
    }

    /** Looking a digest up costs more than using it; each thread keeps one per algorithm. */
    private static final ThreadLocal<MessageDigest> SHA_1 = ThreadLocal.withInitial(() -> newDigest("SHA-1"));
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> newDigest("SHA-256"));

    private static byte[] digest(ThreadLocal<MessageDigest> algorithm, byte[]... inputs) {
        MessageDigest md = algorithm.get();
        md.reset();
        for (byte[] input : inputs) {
            md.update(input);
        }
        return md.digest();
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE provides " + algorithm, e);
        }
    }

    private SignalIds() {
    }
}
