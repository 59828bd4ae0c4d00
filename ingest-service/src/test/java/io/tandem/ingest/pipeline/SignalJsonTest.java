package io.tandem.ingest.pipeline;

import io.tandem.ingest.format.BuiltinFormats;
import io.tandem.ingest.format.FormatParser;
import io.tandem.ingest.format.ParseContext;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.ingest.format.support.JsonPayload;
import io.tandem.model.json.Json;
import io.tandem.model.signal.AssetRef;
import io.tandem.model.signal.AttackRef;
import io.tandem.model.signal.Observable;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalSource;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.signal.VulnerabilityRef;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka path's signal writer must write exactly what the contract's {@code Json.write} writes. */
class SignalJsonTest {

    @Test
    void shouldWriteEverySignalOfEveryFormatsExampleExactlyAsJsonWrite() {
        List<Signal> signals = new ArrayList<>();
        for (FormatParser parser : BuiltinFormats.byId().values()) {
            for (Instant ingestedAt : List.of(Instant.parse("2024-05-01T10:00:00Z"),
                    Instant.parse("2024-05-01T10:00:00.120Z"), Instant.parse("2024-05-01T10:00:00.000450Z"),
                    Instant.parse("2024-05-01T10:00:00.000000007Z"), Instant.parse("2024-12-31T23:59:59.999999999Z"))) {
                signals.addAll(parser.parse(parser.example().getBytes(StandardCharsets.UTF_8),
                        new ParseContext("test", ingestedAt, "test/0/1")));
            }
        }
        assertThat(signals).hasSizeGreaterThan(BuiltinFormats.byId().size() * 5 - 1);
        for (Signal signal : signals) {
            assertThat(new String(SignalJson.write(signal), StandardCharsets.UTF_8))
                    .isEqualTo(new String(Json.write(signal), StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldWriteASignalWithEveryFieldSetExactlyAsJsonWrite() throws Exception {
        ObjectNode tree = Json.mapper().createObjectNode().put("text", "tab\tquote\"").put("n", 1.5).putNull("none");
        tree.putArray("list").add(1).add("two");
        Signal full = new Signal(UUID.fromString("9af92c2e-ca8a-5189-8bee-f64d5bfc85e4"),
                new SignalSource("cef", "fw-sender"), "event-1", "cef:abc", SignalKind.CONFIGURATION_CHANGE, "Policy",
                "Rule \"allow any\" added", "line one\nline two \u0001 é €", Severity.CRITICAL, SignalStatus.RESOLVED,
                Instant.parse("2024-05-01T10:00:00.5Z"), Instant.parse("2024-05-01T10:00:01Z"),
                new AssetRef("fw-1", "10.0.0.1", "arn:aws:ec2:eu-west-1:1:instance/i-1", "edge", "prod"),
                Map.of("z", "last", "a.b", "first \\ backslash", "m", "😀"),
                List.of(Observable.of(ObservableType.IP, "10.0.0.1", "src"), Observable.of(ObservableType.USER, "bob", null)),
                List.of(new AttackRef("TA0001", "Initial Access", "T1190", "Exploit Public-Facing Application"),
                        new AttackRef(null, null, "T1059", null)),
                new VulnerabilityRef(List.of("CVE-2024-1234", "CVE-2023-9"), 9.8, "CVSS:3.1/AV:N/AC:L"),
                "signals.raw/2/77", tree);
        for (RecordComponent component : Signal.class.getRecordComponents()) {
            Object value = component.getAccessor().invoke(full);
            assertThat(value).as("the test signal sets %s, so the writer's output for it is checked", component.getName())
                    .isNotNull();
            if (value instanceof java.util.Collection<?> collection) {
                assertThat(collection).as(component.getName()).isNotEmpty();
            }
            if (value instanceof Map<?, ?> map) {
                assertThat(map).as(component.getName()).isNotEmpty();
            }
        }
        List<Signal> variants = List.of(full,
                new Signal(full.id(), new SignalSource("cef", null), null, full.fingerprint(), full.kind(), null,
                        full.title(), null, Severity.UNKNOWN, SignalStatus.FIRING, full.observedAt(), full.ingestedAt(),
                        null, null, null, null, new VulnerabilityRef(null, null, null), null, null),
                new Signal(full.id(), full.source(), null, full.fingerprint(), full.kind(), null, full.title(), null,
                        Severity.LOW, SignalStatus.FIRING, full.observedAt(), full.ingestedAt(), full.asset(),
                        full.labels(), full.observables(), full.attack(), new VulnerabilityRef(List.of(), 10.0, null),
                        null, JsonPayload.one("{ \"as\" : \"sent\" }".getBytes(StandardCharsets.UTF_8)).raw()));
        for (Signal signal : variants) {
            assertThat(new String(SignalJson.write(signal), StandardCharsets.UTF_8))
                    .isEqualTo(new String(Json.write(signal), StandardCharsets.UTF_8));
        }
    }
}
