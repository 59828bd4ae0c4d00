package io.tandem.ingest.format.support;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON value kept as the UTF-8 bytes it arrived in and written out as they are. A signal's {@code raw} is usually
 * a whole payload that was just parsed: writing its bytes back costs a copy, where serializing its tree again cost
 * about a fifth of writing the signal. Only ever built over bytes that parsed as one JSON object or array, so what it
 * writes is valid JSON (whitespace aside, the same value as the tree).
 */
final class VerbatimJson implements SerializableString {

    private final byte[] bytes;
    private final int from;
    private final int length;

    private VerbatimJson(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.from = from;
        this.length = to - from;
    }

    /** A node that serializes as {@code bytes[from..to)}, which must hold one JSON object or array in UTF-8. */
    static JsonNode node(byte[] bytes, int from, int to) {
        return new POJONode(new RawValue(new VerbatimJson(bytes, from, to)));
    }

    /**
     * Whether {@code bytes[from..to)} can be kept verbatim: it starts and ends with the brackets of an object or an
     * array. A byte-order mark or a UTF-16/32 encoding, both of which Jackson reads, fail this and keep the tree.
     */
    static boolean fits(byte[] bytes, int from, int to) {
        if (from < 0 || to > bytes.length || to - from < 2) {
            return false;
        }
        byte first = bytes[from];
        byte last = bytes[to - 1];
        return first == '{' && last == '}' || first == '[' && last == ']';
    }

    @Override
    public String getValue() {
        return new String(bytes, from, length, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public char[] asQuotedChars() {
        return JsonStringEncoder.getInstance().quoteAsString(getValue());
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return Arrays.copyOfRange(bytes, from, from + length);
    }

    @Override
    public byte[] asQuotedUTF8() {
        return JsonStringEncoder.getInstance().quoteAsUTF8(getValue());
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        return append(asQuotedUTF8(), buffer, offset);
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        char[] quoted = asQuotedChars();
        if (offset + quoted.length > buffer.length) {
            return -1;
        }
        System.arraycopy(quoted, 0, buffer, offset, quoted.length);
        return quoted.length;
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        if (offset + length > buffer.length) {
            return -1;
        }
        System.arraycopy(bytes, from, buffer, offset, length);
        return length;
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        String value = getValue();
        if (offset + value.length() > buffer.length) {
            return -1;
        }
        value.getChars(0, value.length(), buffer, offset);
        return value.length();
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
        byte[] quoted = asQuotedUTF8();
        out.write(quoted);
        return quoted.length;
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(bytes, from, length);
        return length;
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        byte[] quoted = asQuotedUTF8();
        if (quoted.length > buffer.remaining()) {
            return -1;
        }
        buffer.put(quoted);
        return quoted.length;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (length > buffer.remaining()) {
            return -1;
        }
        buffer.put(bytes, from, length);
        return length;
    }

    private static int append(byte[] source, byte[] buffer, int offset) {
        if (offset + source.length > buffer.length) {
            return -1;
        }
        System.arraycopy(source, 0, buffer, offset, source.length);
        return source.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerbatimJson that
                && Arrays.equals(bytes, from, from + length, that.bytes, that.from, that.from + that.length);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = from; i < from + length; i++) {
            hash = 31 * hash + bytes[i];
        }
        return hash;
    }

    @Override
    public String toString() {
        return getValue();
    }
}
