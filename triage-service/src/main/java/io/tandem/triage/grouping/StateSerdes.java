package io.tandem.triage.grouping;

import io.tandem.model.Priority;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.errors.SerializationException;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Binary serdes for the alert and group stores. Every signal reads and writes both, and with JSON that serde work was
 * the largest cost of triage (about a quarter of its CPU in a profile); this form is several times cheaper. A value
 * starts with its format version; one that starts with '{' was written as JSON by an earlier version and still reads,
 * so existing state stores and changelogs survive an upgrade. Enums are stored by name, not ordinal.
 */
public final class StateSerdes {

    private static final byte V1 = 1;
    private static final byte JSON = '{';

    public static final Serde<AlertState> ALERTS = serde(AlertState.class, StateSerdes::writeAlert, StateSerdes::readAlert);
    public static final Serde<GroupState> GROUPS = serde(GroupState.class, StateSerdes::writeGroup, StateSerdes::readGroup);

    private StateSerdes() {
    }

    private static void writeAlert(Out out, AlertState a) {
        out.uuid(a.alertId());
        out.uuid(a.groupId());
        out.string(a.fingerprint());
        out.name(a.status());
        out.putLong(a.count());
        out.instant(a.firstSeen());
        out.instant(a.lastSeen());
        out.putInt(a.changes().size());
        for (Instant change : a.changes()) {
            out.instant(change);
        }
        out.putBoolean(a.flapping());
    }

    private static AlertState readAlert(In in) throws IOException {
        UUID alertId = in.uuid();
        UUID groupId = in.uuid();
        String fingerprint = in.string();
        SignalStatus status = in.name(SignalStatus.class);
        long count = in.data.getLong();
        Instant firstSeen = in.instant();
        Instant lastSeen = in.instant();
        int changeCount = in.data.getInt();
        List<Instant> changes = new ArrayList<>(changeCount);
        for (int i = 0; i < changeCount; i++) {
            changes.add(in.instant());
        }
        return new AlertState(alertId, groupId, fingerprint, status, count, firstSeen, lastSeen, changes, in.bool());
    }

    private static void writeGroup(Out out, GroupState g) {
        out.uuid(g.groupId());
        out.string(g.groupKey());
        out.name(g.kind());
        out.strings(g.assetKeys());
        out.strings(g.alerts());
        out.strings(g.firing());
        out.putLong(g.signalCount());
        out.putInt(g.maxSeverity() == null ? -1 : g.maxSeverity().id());
        out.name(g.priority());
        out.string(g.team());
        out.instant(g.firstSeen());
        out.instant(g.lastSeen());
        out.instant(g.resolvedAt());
        out.putBoolean(g.routed());
        out.strings(g.flapping());
        out.string(g.correlationRule());
    }

    private static GroupState readGroup(In in) throws IOException {
        return new GroupState(in.uuid(), in.string(), in.name(SignalKind.class), in.strings(new ArrayList<>()),
                in.strings(new HashSet<>()), in.strings(new HashSet<>()), in.data.getLong(), in.severity(),
                in.name(Priority.class), in.string(), in.instant(), in.instant(), in.instant(), in.bool(),
                in.strings(new HashSet<>()), in.string());
    }

    private interface Writer<T> {
        void write(Out out, T value);
    }

    private interface Reader<T> {
        T read(In in) throws IOException;
    }

    private static <T> Serde<T> serde(Class<T> type, Writer<T> writer, Reader<T> reader) {
        Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            Out out = new Out();
            out.put(V1);
            writer.write(out, value);
            return out.toByteArray();
        };
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == JSON) {
                return Json.read(bytes, type);
            }
            In in = new In(bytes);
            try {
                byte version = in.data.get();
                if (version != V1) {
                    throw new SerializationException("unknown " + type.getSimpleName() + " format version " + version);
                }
                return reader.read(in);
            } catch (IOException | BufferUnderflowException e) {
                throw new SerializationException("truncated " + type.getSimpleName(), e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /**
     * Big-endian, as {@code DataOutputStream} wrote it before, into a growing array rather than through a stream,
     * whose every byte is a synchronized call. Nullable values carry a presence marker.
     */
    private static final class Out {
        private ByteBuffer buffer = ByteBuffer.allocate(256);

        /** The buffer, grown if it has less than {@code needed} bytes left. */
        private ByteBuffer room(int needed) {
            if (buffer.remaining() < needed) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + needed));
                buffer = bigger.put(buffer.flip());
            }
            return buffer;
        }

        void put(byte value) {
            room(1).put(value);
        }

        void putBoolean(boolean value) {
            put((byte) (value ? 1 : 0));
        }

        void putInt(int value) {
            room(4).putInt(value);
        }

        void putLong(long value) {
            room(8).putLong(value);
        }

        void uuid(UUID value) {
            putLong(value.getMostSignificantBits());
            putLong(value.getLeastSignificantBits());
        }

        void string(String value) {
            if (value == null) {
                putInt(-1);
                return;
            }
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            putInt(utf8.length);
            room(utf8.length).put(utf8);
        }

        void name(Enum<?> value) {
            string(value == null ? null : value.name());
        }

        void instant(Instant value) {
            putBoolean(value != null);
            if (value != null) {
                putLong(value.getEpochSecond());
                putInt(value.getNano());
            }
        }

        void strings(Collection<String> values) {
            putInt(values == null ? -1 : values.size());
            if (values != null) {
                for (String value : values) {
                    string(value);
                }
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    private static final class In {
        final ByteBuffer data;

        In(byte[] bytes) {
            data = ByteBuffer.wrap(bytes);
        }

        boolean bool() {
            return data.get() != 0;
        }

        UUID uuid() {
            return new UUID(data.getLong(), data.getLong());
        }

        String string() throws IOException {
            int length = data.getInt();
            if (length < 0) {
                return null;
            }
            if (length > data.remaining()) {
                throw new IOException("a string of " + length + " bytes with " + data.remaining() + " left");
            }
            String value = new String(data.array(), data.position(), length, StandardCharsets.UTF_8);
            data.position(data.position() + length);
            return value;
        }

        <E extends Enum<E>> E name(Class<E> type) throws IOException {
            String name = string();
            return name == null ? null : Enum.valueOf(type, name);
        }

        Severity severity() {
            int id = data.getInt();
            return id < 0 ? null : Severity.of(id);
        }

        Instant instant() {
            return bool() ? Instant.ofEpochSecond(data.getLong(), data.getInt()) : null;
        }

        <C extends Collection<String>> C strings(C into) throws IOException {
            int size = data.getInt();
            if (size < 0) {
                return null;
            }
            for (int i = 0; i < size; i++) {
                into.add(string());
            }
            return into;
        }
    }
}
