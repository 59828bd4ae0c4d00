package io.tandem.ingest.format;

import io.tandem.model.signal.Signal;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every file of the sample corpus is handled: it yields valid signals, or it is one of the two known non-payloads. */
class SampleCorpusTest {

    private static final Set<String> NOT_PAYLOADS = Set.of(
            "alertmanager/webhook_v4_schema_from_alertmanager_docs.txt",
            "aws/asff_aws_health_typical_finding.json");

    @TestFactory
    Stream<DynamicTest> shouldHandleEverySampleFile() {
        Path root = Samples.require();
        return Samples.all().stream().map(relative -> DynamicTest.dynamicTest(relative.toString(), () -> {
            String format = relative.getName(0).toString();
            FormatParser parser = BuiltinFormats.find(format).orElseThrow(
                    () -> new AssertionError("no built-in parser for sample folder " + format));
            byte[] payload = Files.readAllBytes(root.resolve(relative));
            String key = relative.toString().replace('\\', '/');
            if (NOT_PAYLOADS.contains(key)) {
                assertThatThrownBy(() -> parser.parse(payload, SignalAssertions.CONTEXT)).isInstanceOf(ParseException.class);
            } else {
                List<Signal> signals = SignalAssertions.parseValid(parser, payload);
                assertThat(signals).isNotEmpty();
            }
        }));
    }

    @Test
    void shouldHaveAParserForEveryCorpusFolderAndSamplesForEveryParser() throws IOException {
        Path root = Samples.require();
        Set<String> folders;
        try (Stream<Path> dirs = Files.list(root)) {
            folders = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertThat(BuiltinFormats.byId().keySet()).containsExactlyInAnyOrderElementsOf(folders);
    }
}
