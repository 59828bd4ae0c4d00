package io.tandem.triage.grouping;

import io.tandem.model.Priority;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateSerdesTest {

    private static final Instant T = Instant.parse("2026-11-24T01:02:03.123456789Z");

    private final AlertState alert = new AlertState(UUID.randomUUID(), UUID.randomUUID(), "am:ф/disk", SignalStatus.FIRING, 42,
            T, T.plusSeconds(5), List.of(T.plusSeconds(1), T.plusSeconds(2)), true);
    private final GroupState group = new GroupState(UUID.randomUUID(), "web-01|operational", SignalKind.OPERATIONAL,
            List.of("web-01", "web-02"), Set.of("a", "b"), Set.of("b"), 7, Severity.HIGH, Priority.P2, "sre", T,
            T.plusSeconds(9), null, true, Set.of("b"), "rule-1");

    @Test
    void shouldRoundTripEveryFieldIncludingNulls() {
        assertThat(roundTrip(StateSerdes.ALERTS.serializer().serialize("t", alert), AlertState.class)).isEqualTo(alert);
        assertThat(roundTrip(StateSerdes.GROUPS.serializer().serialize("t", group), GroupState.class)).isEqualTo(group);
        GroupState sparse = new GroupState(UUID.randomUUID(), "fingerprint:x|security", SignalKind.SECURITY, null, Set.of(),
                Set.of(), 1, null, null, null, T, T, T, false, null, null);
        assertThat(roundTrip(StateSerdes.GROUPS.serializer().serialize("t", sparse), GroupState.class)).isEqualTo(sparse);
        assertThat(StateSerdes.ALERTS.serializer().serialize("t", null)).isNull();
        assertThat(StateSerdes.ALERTS.deserializer().deserialize("t", null)).isNull();
    }

    /** Format 1 as DataOutputStream wrote it: big-endian numbers, length-prefixed UTF-8, a byte per presence flag. */
    @Test
    void shouldReadAndWriteFormatOneByteForByte() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        for (UUID id : List.of(alert.alertId(), alert.groupId())) {
            out.writeLong(id.getMostSignificantBits());
            out.writeLong(id.getLeastSignificantBits());
        }
        for (String text : List.of(alert.fingerprint(), "FIRING")) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
        out.writeLong(42);
        for (Instant time : List.of(T, T.plusSeconds(5))) {
            out.writeBoolean(true);
            out.writeLong(time.getEpochSecond());
            out.writeInt(time.getNano());
        }
        out.writeInt(2);
        for (Instant time : List.of(T.plusSeconds(1), T.plusSeconds(2))) {
            out.writeBoolean(true);
            out.writeLong(time.getEpochSecond());
            out.writeInt(time.getNano());
        }
        out.writeBoolean(true);
        assertThat(roundTrip(bytes.toByteArray(), AlertState.class)).isEqualTo(alert);
        assertThat(StateSerdes.ALERTS.serializer().serialize("t", alert)).isEqualTo(bytes.toByteArray());
    }

    @Test
    void shouldStillReadStateWrittenAsJsonByEarlierVersions() {
        assertThat(roundTrip(Json.write(alert), AlertState.class)).isEqualTo(alert);
        assertThat(roundTrip(Json.write(group), GroupState.class)).isEqualTo(group);
    }

    @Test
    void shouldRefuseAnUnknownVersionOrATruncatedValue() {
        byte[] bytes = StateSerdes.ALERTS.serializer().serialize("t", alert);
        byte[] future = bytes.clone();
        future[0] = 9;
        assertThatThrownBy(() -> StateSerdes.ALERTS.deserializer().deserialize("t", future))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format version 9");
        assertThatThrownBy(() -> StateSerdes.ALERTS.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length / 2)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("truncated AlertState");
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(byte[] bytes, Class<T> type) {
        return (T) (type == AlertState.class ? StateSerdes.ALERTS : StateSerdes.GROUPS).deserializer().deserialize("t", bytes);
    }
}
