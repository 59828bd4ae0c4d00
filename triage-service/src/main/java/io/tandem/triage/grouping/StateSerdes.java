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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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

    private static void writeAlert(Out out, AlertState a) throws IOException {
        out.uuid(a.alertId());
        out.uuid(a.groupId());
        out.string(a.fingerprint());
        out.name(a.status());
        out.data.writeLong(a.count());
        out.instant(a.firstSeen());
        out.instant(a.lastSeen());
        out.data.writeInt(a.changes().size());
        for (Instant change : a.changes()) {
            out.instant(change);
        }
        out.data.writeBoolean(a.flapping());
    }

    private static AlertState readAlert(In in) throws IOException {
        UUID alertId = in.uuid();
        UUID groupId = in.uuid();
        String fingerprint = in.string();
        SignalStatus status = in.name(SignalStatus.class);
        long count = in.data.readLong();
        Instant firstSeen = in.instant();
        Instant lastSeen = in.instant();
        int changeCount = in.data.readInt();
        List<Instant> changes = new ArrayList<>(changeCount);
        for (int i = 0; i < changeCount; i++) {
            changes.add(in.instant());
        }
        return new AlertState(alertId, groupId, fingerprint, status, count, firstSeen, lastSeen, changes, in.data.readBoolean());
    }

    private static void writeGroup(Out out, GroupState g) throws IOException {
        out.uuid(g.groupId());
        out.string(g.groupKey());
        out.name(g.kind());
        out.strings(g.assetKeys());
        out.strings(g.alerts());
        out.strings(g.firing());
        out.data.writeLong(g.signalCount());
        out.data.writeInt(g.maxSeverity() == null ? -1 : g.maxSeverity().id());
        out.name(g.priority());
        out.string(g.team());
        out.instant(g.firstSeen());
        out.instant(g.lastSeen());
        out.instant(g.resolvedAt());
        out.data.writeBoolean(g.routed());
        out.strings(g.flapping());
        out.string(g.correlationRule());
    }

    private static GroupState readGroup(In in) throws IOException {
        return new GroupState(in.uuid(), in.string(), in.name(SignalKind.class), in.strings(new ArrayList<>()),
                in.strings(new HashSet<>()), in.strings(new HashSet<>()), in.data.readLong(), in.severity(),
                in.name(Priority.class), in.string(), in.instant(), in.instant(), in.instant(), in.data.readBoolean(),
                in.strings(new HashSet<>()), in.string());
    }

    private interface Writer<T> {
        void write(Out out, T value) throws IOException;
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
            try {
                out.data.writeByte(V1);
                writer.write(out, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.bytes.toByteArray();
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
                byte version = in.data.readByte();
                if (version != V1) {
                    throw new SerializationException("unknown " + type.getSimpleName() + " format version " + version);
                }
                return reader.read(in);
            } catch (IOException e) {
                throw new SerializationException("truncated " + type.getSimpleName(), e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** Nullable values carry a presence byte. */
    private static final class Out {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        final DataOutputStream data = new DataOutputStream(bytes);

        void uuid(UUID value) throws IOException {
            data.writeLong(value.getMostSignificantBits());
            data.writeLong(value.getLeastSignificantBits());
        }

        void string(String value) throws IOException {
            if (value == null) {
                data.writeInt(-1);
                return;
            }
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            data.writeInt(utf8.length);
            data.write(utf8);
        }

        void name(Enum<?> value) throws IOException {
            string(value == null ? null : value.name());
        }

        void instant(Instant value) throws IOException {
            data.writeBoolean(value != null);
            if (value != null) {
                data.writeLong(value.getEpochSecond());
                data.writeInt(value.getNano());
            }
        }

        void strings(Collection<String> values) throws IOException {
            data.writeInt(values == null ? -1 : values.size());
            if (values != null) {
                for (String value : values) {
                    string(value);
                }
            }
        }
    }

    private static final class In {
        final DataInputStream data;

        In(byte[] bytes) {
            data = new DataInputStream(new ByteArrayInputStream(bytes));
        }

        UUID uuid() throws IOException {
            return new UUID(data.readLong(), data.readLong());
        }

        String string() throws IOException {
            int length = data.readInt();
            if (length < 0) {
                return null;
            }
            byte[] utf8 = new byte[length];
            data.readFully(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }

        <E extends Enum<E>> E name(Class<E> type) throws IOException {
            String name = string();
            return name == null ? null : Enum.valueOf(type, name);
        }

        Severity severity() throws IOException {
            int id = data.readInt();
            return id < 0 ? null : Severity.of(id);
        }

        Instant instant() throws IOException {
            return data.readBoolean() ? Instant.ofEpochSecond(data.readLong(), data.readInt()) : null;
        }

        <C extends Collection<String>> C strings(C into) throws IOException {
            int size = data.readInt();
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
