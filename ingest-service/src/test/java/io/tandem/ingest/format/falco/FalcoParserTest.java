package io.tandem.ingest.format.falco;

import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.Samples;
import io.tandem.model.signal.AttackRef;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.tandem.ingest.format.SignalAssertions.CONTEXT;
import static io.tandem.ingest.format.SignalAssertions.observable;
import static io.tandem.ingest.format.SignalAssertions.parseValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FalcoParserTest {

    private final FalcoParser parser = new FalcoParser();

    @Test
    void shouldMapTerminalShellInContainer() {
        Signal s = parseValid(parser, Samples.read("falco", "falco_syscall_terminal_shell_in_container.json")).get(0);

        assertThat(s.title()).isEqualTo("Terminal shell in container");
        assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(s.kind()).isEqualTo(SignalKind.SECURITY);
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2023-05-25T13:44:05.478445995Z"));
        assertThat(s.asset().hostname()).isEqualTo("falco-xczjd");
        assertThat(s.attack()).containsExactly(new AttackRef("TA0002", "Execution", null, null));
        assertThat(s.observables()).contains(observable(ObservableType.USER, "root", "user.name"))
                .contains(observable(ObservableType.PROCESS, "runc", "proc.pname"));
        assertThat(s.labels()).containsEntry("k8s.pod.name", "kubecon").containsEntry("container.id", "ee97d9c4186f");
    }

    @Test
    void shouldMapEveryLineOfTheNdjsonSamplesWithOneFingerprintPerRuleAndHost() {
        List<Signal> legacy = parseValid(parser, Samples.read("falco", "falco_legacy_test_open_from_cat.log"));
        assertThat(legacy).hasSize(8);
        assertThat(legacy).extracting(Signal::fingerprint).containsOnly(legacy.get(0).fingerprint());
        assertThat(legacy).extracting(Signal::id).doesNotHaveDuplicates();
        assertThat(legacy.get(0).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(legacy.get(0).observables()).contains(observable(ObservableType.PROCESS, "cat /dev/null", "proc.cmdline"));

        List<Signal> eks = parseValid(parser, Samples.read("falco", "falco_k8saudit_eks_alerts.log"));
        assertThat(eks).extracting(Signal::title).containsExactly("K8s Serviceaccount Created", "Attach/Exec Pod");
        assertThat(eks).extracting(Signal::severity).containsExactly(Severity.INFORMATIONAL, Severity.LOW);
    }

    @Test
    void shouldMapTheOtherJsonSamples() {
        Signal attach = parseValid(parser, Samples.read("falco", "falco_k8saudit_attach_exec_pod.json")).get(0);
        assertThat(attach.severity()).isEqualTo(Severity.LOW);
        assertThat(attach.observables()).contains(observable(ObservableType.USER, "kubernetes-admin", "ka.user.name"));

        Signal module = parseValid(parser, Samples.read("falco", "falco_json_ocsf_examples.json")).get(0);
        assertThat(module.sourceEventId()).isEqualTo("ec834826-90c1-458a-8eec-a014e7266754");
        assertThat(module.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(module.asset().hostname()).isEqualTo("host0.local");

        Signal write = parseValid(parser, Samples.read("falco", "falcosidekick_readme_write_below_binary_dir.json")).get(0);
        assertThat(write.severity()).isEqualTo(Severity.HIGH);
        assertThat(write.observables()).contains(observable(ObservableType.FILE, "/bin/hack", "fd.name"));

        Signal drop = parseValid(parser, Samples.read("falco", "falcosidekick_test_syscall_event_drop.json")).get(0);
        assertThat(drop.kind()).isEqualTo(SignalKind.OPERATIONAL);
        assertThat(drop.severity()).isEqualTo(Severity.INFORMATIONAL);
        assertThat(drop.labels()).containsEntry("n_drops", "815508");
    }

    @Test
    void shouldMapTextOutputLines() {
        String text = """
                2024-05-01T10:00:00.000000000+0000: Critical A shell was spawned in a container (user=root container_id=3f2a1b shell=bash)
                09:15:00.000000000: Warning Sensitive file opened for reading (user=alice file=/etc/shadow)
                """;
        List<Signal> signals = parseValid(parser, text);

        assertThat(signals).hasSize(2);
        assertThat(signals.get(0).title()).isEqualTo("A shell was spawned in a container");
        assertThat(signals.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(signals.get(0).observedAt()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(signals.get(0).observables()).contains(observable(ObservableType.USER, "root", "user"));
        assertThat(signals.get(1).observedAt()).as("time of day on the ingestion date")
                .isEqualTo(Instant.parse("2025-06-01T09:15:00Z"));
        assertThat(signals.get(1).observables()).contains(observable(ObservableType.FILE, "/etc/shadow", "file"));
    }

    @Test
    void shouldMapTechniqueTagsOfItsExample() {
        Signal s = parseValid(parser, parser.example()).get(0);
        assertThat(s.attack()).contains(new AttackRef("TA0002", "Execution", null, null),
                new AttackRef(null, null, "T1059", null));
        assertThat(s.id()).isEqualTo(parseValid(parser, parser.example()).get(0).id());
    }

    @Test
    void shouldRejectUnrecognizedInput() {
        assertThatThrownBy(() -> parser.parse("{\"output\":\"x\",\"priority\":\"Debug\"}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/rule"));
        assertThatThrownBy(() -> parser.parse("just a log line".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.line()).isEqualTo(1));
    }
}
