package io.tandem.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.model.action.ActionRequest;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.AssetEvent;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.model.json.EventFormatException;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Signal;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.model.triage.TriageDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractFixturesTest {

    /** Fixture folder (= schema name) to the record it holds. */
    static final Map<String, Class<?>> EVENTS = Map.of(
            "signal", Signal.class,
            "triage-decision", TriageDecision.class,
            "alert-group-event", AlertGroupEvent.class,
            "incident-event", IncidentEvent.class,
            "change-event", ChangeEvent.class,
            "asset", Asset.class,
            "asset-event", AssetEvent.class,
            "action-request", ActionRequest.class);

    static Stream<Path> fixtures() throws IOException, URISyntaxException {
        Path root = Path.of(ContractFixturesTest.class.getResource("/events").toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        return files.stream();
    }

    @Test
    void everyEventOfTheContractHasAFixtureAndASchema() throws Exception {
        List<String> folders = fixtures().map(p -> p.getParent().getFileName().toString()).distinct().toList();
        assertThat(folders).containsExactlyInAnyOrderElementsOf(EVENTS.keySet());
        for (String name : EVENTS.keySet()) {
            assertThat(ContractFixturesTest.class.getResource("/schemas/" + name + ".schema.json"))
                    .as("schema for %s", name).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureValidatesAndRoundTripsUnchanged(Path fixture) throws IOException {
        String schema = fixture.getParent().getFileName().toString();
        JsonNode original = read(fixture);
        assertThat(EventSchemas.violations(schema, original)).as("fixture against its schema").isEmpty();

        Object event = Json.read(bytes(fixture), EVENTS.get(schema));
        JsonNode written = Json.mapper().readTree(Json.write(event));

        assertThat(written).isEqualTo(original);
        assertThat(EventSchemas.violations(schema, written)).isEmpty();
        assertThat(Json.read(Json.write(event), EVENTS.get(schema))).isEqualTo(event);
    }

    @Test
    void shouldTolerateUnknownFieldsFromNewerProducers() {
        ObjectNode signal = (ObjectNode) read(fixture("signal/alertmanager-host-down.json"));
        signal.put("riskScore", 87);
        ((ObjectNode) signal.get("asset")).put("kubernetesNamespace", "shop");

        Signal parsed = Json.read(Json.write(signal), Signal.class);

        assertThat(parsed.title()).isEqualTo("HostDown");
        assertThat(parsed.asset().hostname()).isEqualTo("web-01");
        assertThat(EventSchemas.violations("signal", signal)).isEmpty();
    }

    @Test
    void shouldNameTheMissingRequiredField() {
        ObjectNode signal = (ObjectNode) read(fixture("signal/alertmanager-host-down.json"));
        signal.remove("fingerprint");

        assertThatThrownBy(() -> Json.read(Json.write(signal), Signal.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("missing required field 'fingerprint'")
                .extracting(e -> ((EventFormatException) e).field()).isEqualTo("fingerprint");
        assertThat(EventSchemas.violations("signal", signal)).anyMatch(v -> v.contains("fingerprint"));
    }

    @Test
    void shouldNameTheMissingNestedField() {
        ObjectNode event = (ObjectNode) read(fixture("incident-event/acknowledged.json"));
        ((ObjectNode) event.get("incident")).remove("priority");

        assertThatThrownBy(() -> Json.read(Json.write(event), IncidentEvent.class))
                .isInstanceOf(EventFormatException.class)
                .extracting(e -> ((EventFormatException) e).field()).isEqualTo("incident.priority");
    }

    @Test
    void shouldNameTheFieldAndAllowedValuesOfABadEnum() {
        ObjectNode signal = (ObjectNode) read(fixture("signal/alertmanager-host-down.json"));
        signal.put("kind", "weather");

        assertThatThrownBy(() -> Json.read(Json.write(signal), Signal.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("kind")
                .hasMessageContaining("expected one of security, operational, vulnerability, configuration-change, availability");
    }

    @Test
    void shouldRejectMalformedJsonWithAClearError() {
        assertThatThrownBy(() -> Json.read("{\"id\": ".getBytes(), Signal.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("invalid Signal");
    }

    private static Path fixture(String name) {
        try {
            return Path.of(ContractFixturesTest.class.getResource("/events/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path path) {
        try {
            return Json.mapper().readTree(bytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
