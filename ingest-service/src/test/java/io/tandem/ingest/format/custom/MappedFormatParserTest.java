package io.tandem.ingest.format.custom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.SignalAssertions;
import io.tandem.ingest.format.support.SignalIds;
import io.tandem.model.json.Json;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalStatus;
import io.tandem.service.problem.Problem;
import io.tandem.service.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static io.tandem.ingest.format.SignalAssertions.observable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappedFormatParserTest {

    @Test
    void shouldMapEveryDeclaredFieldOfEachAlertInTheList() {
        MappedFormatParser parser = TestMappings.validated(TestMappings.acme());

        List<Signal> signals = SignalAssertions.parseValid(parser, parser.example());

        assertThat(signals).hasSize(2);
        Signal first = signals.get(0);
        assertThat(first.title()).isEqualTo("Brute force on SSH");
        assertThat(first.description()).isEqualTo("212 failed logins in 60 s");
        assertThat(first.sourceEventId()).isEqualTo("aw-1001");
        assertThat(first.category()).isEqualTo("R-17");
        assertThat(first.kind()).isEqualTo(SignalKind.SECURITY);
        assertThat(first.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(first.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(first.observedAt()).isEqualTo(Instant.parse("2025-06-01T10:00:00Z"));
        assertThat(first.asset().hostname()).isEqualTo("bastion-1");
        assertThat(first.asset().ip()).isEqualTo("10.1.2.3");
        assertThat(first.asset().environment()).isEqualTo("prod");
        assertThat(first.labels()).containsEntry("team", "sec").containsEntry("site.dc", "ams");
        assertThat(first.observables()).containsExactly(
                observable(ObservableType.IP, "198.51.100.9", "actor.ip"),
                observable(ObservableType.IP, "198.51.100.10", "actor.ip"),
                observable(ObservableType.USER, "root", "/actors/0/user"));
        assertThat(first.fingerprint()).isEqualTo("acme-watch:" + SignalIds.hash("R-17", "bastion-1"));
        assertThat(first.id()).isEqualTo(SignalIds.of("acme-watch", "aw-1001"));
        assertThat(first.raw().path("uid").asText()).isEqualTo("aw-1001");

        Signal second = signals.get(1);
        assertThat(second.severity()).as("severity values compare case-insensitively").isEqualTo(Severity.MEDIUM);
        assertThat(second.status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(second.observedAt()).isEqualTo(Instant.parse("2025-06-01T10:05:00Z"));
        assertThat(second.fingerprint()).isEqualTo("acme-watch:" + SignalIds.hash("R-17", "bastion-2"));
        assertThat(second.observables()).isEmpty();
    }

    @Test
    void shouldApplyTheDefaultsToValuesOutsideTheMaps() {
        MappedFormatParser parser = TestMappings.validated(TestMappings.acme());

        Signal signal = SignalAssertions.parseValid(parser, """
                {"batch":{"alerts":[{"uid":"x-1","rule":{"name":"Odd","id":"R-1"},"level":"bizarre","state":"weird"}]}}
                """).get(0);

        assertThat(signal.severity()).isEqualTo(Severity.LOW);
        assertThat(signal.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(signal.observedAt()).isEqualTo(SignalAssertions.INGESTED_AT);
    }

    @Test
    void shouldGiveAResentAlertWithoutEventIdTheSameSignalId() {
        MappedFormatParser parser = TestMappings.validated(TestMappings.acme());
        String payload = """
                {"batch":{"alerts":[{"rule":{"name":"No id","id":"R-2"},"level":"note","target":{"host":"h1"}}]}}""";
        String reordered = """
                {"batch":{"alerts":[{"target":{"host":"h1"},"level":"note","rule":{"id":"R-2","name":"No id"}}]}}""";
        String other = """
                {"batch":{"alerts":[{"rule":{"name":"No id","id":"R-2"},"level":"crit","target":{"host":"h1"}}]}}""";

        Signal first = SignalAssertions.parseValid(parser, payload).get(0);

        assertThat(SignalAssertions.parseValid(parser, reordered).get(0).id()).isEqualTo(first.id());
        assertThat(SignalAssertions.parseValid(parser, other).get(0).id()).isNotEqualTo(first.id());
    }

    @Test
    void shouldReadArraysAndNdjsonOfEnvelopes() {
        MappedFormatParser parser = TestMappings.validated(TestMappings.acme());
        String envelope = "{\"batch\":{\"alerts\":[{\"uid\":\"%s\",\"rule\":{\"name\":\"t\"}}]}}";

        assertThat(SignalAssertions.parseValid(parser, "[" + envelope.formatted("a") + "," + envelope.formatted("b") + "]"))
                .extracting(Signal::sourceEventId).containsExactly("a", "b");
        assertThat(SignalAssertions.parseValid(parser, envelope.formatted("c") + "\n" + envelope.formatted("d") + "\n"))
                .extracting(Signal::sourceEventId).containsExactly("c", "d");
    }

    @Test
    void shouldRefuseAPayloadWithoutTheAlertListOrWithAnUnreadableTime() {
        MappedFormatParser parser = TestMappings.validated(TestMappings.acme());

        assertThatThrownBy(() -> parser.parse("{\"batch\":{}}".getBytes(), SignalAssertions.CONTEXT))
                .isInstanceOf(ParseException.class).hasMessageContaining("$.batch.alerts matched nothing");
        assertThatThrownBy(() -> parser.parse("{\"batch\":{\"alerts\":[42]}}".getBytes(), SignalAssertions.CONTEXT))
                .isInstanceOf(ParseException.class).hasMessageContaining("expected an alert");
        assertThatThrownBy(() -> parser.parse(
                "{\"batch\":{\"alerts\":[{\"rule\":{\"name\":\"t\"},\"detected\":\"yesterday\"}]}}".getBytes(),
                SignalAssertions.CONTEXT))
                .isInstanceOf(ParseException.class).hasMessageContaining("fields.observedAt: unreadable time 'yesterday'")
                .extracting(e -> ((ParseException) e).field()).isEqualTo("/detected");
    }

    @Test
    void shouldRefuseAMappingWhoseExpressionMissesInItsExampleNamingTheField() {
        ObjectNode mapping = TestMappings.acme();
        ((ObjectNode) mapping.path("fields").path("asset")).put("hostname", "$.target.hostname");

        assertThat(errors(mapping)).containsExactly(
                new Problem.FieldError("fields.asset.hostname", "$.target.hostname matched nothing in the example"));
    }

    @Test
    void shouldRefuseAnExpressionThatFindsOnlyAnObjectWhereAValueBelongs() {
        ObjectNode mapping = TestMappings.acme();
        ((ObjectNode) mapping.path("fields")).put("title", "/rule");

        assertThat(errors(mapping)).extracting(Problem.FieldError::field).containsExactly("fields.title");
    }

    @Test
    void shouldRefuseSyntaxErrorsNamingEachField() {
        ObjectNode mapping = TestMappings.acme();
        ObjectNode fields = (ObjectNode) mapping.path("fields");
        fields.remove("title");
        fields.put("severity", "$.level[?(");
        fields.put("category", "rule.id");
        fields.put("description", "$..x[?(@.a =~ /(a+)+$/)]");
        fields.putObject("kind").put("const", "weather");
        ((ObjectNode) fields.path("observables").get(0)).put("type", "smell");
        mapping.putObject("severityMap").put("crit", 9);
        mapping.putObject("statusMap").put("open", "maybe");
        mapping.put("id", "Acme Watch");

        assertThat(errors(mapping)).extracting(Problem.FieldError::field).containsExactlyInAnyOrder(
                "id", "fields.title", "fields.severity", "fields.category", "fields.description", "fields.kind",
                "fields.observables[0].type", "severityMap.crit", "statusMap.open");
    }

    @Test
    void shouldRequireAnExampleAndASeverityOrItsDefault() {
        ObjectNode mapping = TestMappings.acme();
        mapping.remove("example");
        mapping.remove("severityDefault");
        ((ObjectNode) mapping.path("fields")).remove("severity");

        assertThat(errors(mapping)).extracting(Problem.FieldError::field).containsExactlyInAnyOrder("example", "fields.severity");
    }

    @Test
    void shouldRefuseAnExampleTooLargeToStore() {
        ObjectNode mapping = TestMappings.acme();
        ((ObjectNode) mapping.path("example")).put("padding", "x".repeat(300 * 1024));

        assertThat(errors(mapping)).extracting(Problem.FieldError::field).containsExactly("example");
    }

    @Test
    void shouldRefuseAnExampleWithoutTheAlertList() {
        ObjectNode mapping = TestMappings.acme();
        mapping.put("alerts", "$.events");

        assertThat(errors(mapping)).extracting(Problem.FieldError::field).containsExactly("alerts");
    }

    @Test
    void shouldRefuseAnExampleWhoseTimeCannotBeRead() {
        ObjectNode mapping = TestMappings.acme();
        ((ObjectNode) mapping.path("example").path("batch").path("alerts").get(0)).put("detected", "soon");

        assertThat(errors(mapping)).extracting(Problem.FieldError::field).containsExactly("fields.observedAt");
    }

    @Test
    void shouldRefuseMisspeltFieldsInsteadOfIgnoringThem() {
        ObjectNode mapping = TestMappings.acme();
        ((ObjectNode) mapping.path("fields")).put("titel", "/x");

        assertThatThrownBy(() -> FormatMapping.fromJson(mapping)).isInstanceOf(ProblemException.class)
                .extracting(e -> ((ProblemException) e).toProblem("/").errors().get(0).field()).isEqualTo("fields.titel");
        ((ObjectNode) mapping.path("fields")).remove("titel");
        mapping.put("severityDefault", "high");
        assertThatThrownBy(() -> FormatMapping.fromJson(mapping)).isInstanceOf(ProblemException.class)
                .extracting(e -> ((ProblemException) e).toProblem("/").errors().get(0).field()).isEqualTo("severityDefault");
    }

    @Test
    void shouldShipAGenericFormatThatReadsCommonFieldNames() {
        MappedFormatParser generic = GenericFormat.parser();

        Signal full = SignalAssertions.parseValid(generic, generic.example()).get(0);
        assertThat(full.title()).isEqualTo("Suspicious login to the billing console");
        assertThat(full.severity()).isEqualTo(Severity.HIGH);
        assertThat(full.kind()).isEqualTo(SignalKind.SECURITY);
        assertThat(full.asset().hostname()).isEqualTo("billing-web-1.example.com");
        assertThat(full.fingerprint()).isEqualTo("generic:billing-login-alice");
        assertThat(full.observables()).extracting(o -> o.type()).contains(ObservableType.IP, ObservableType.USER,
                ObservableType.DOMAIN, ObservableType.URL, ObservableType.FILE_HASH);

        List<Signal> minimal = SignalAssertions.parseValid(generic, """
                {"summary":"Queue backlog","host":{"name":"mq-1","ip":"10.9.9.9"},"level":4,"state":"closed"}
                {"message":"Nothing else known"}
                """);
        assertThat(minimal.get(0).title()).isEqualTo("Queue backlog");
        assertThat(minimal.get(0).asset().hostname()).isEqualTo("mq-1");
        assertThat(minimal.get(0).asset().ip()).isEqualTo("10.9.9.9");
        assertThat(minimal.get(0).severity()).isEqualTo(Severity.HIGH);
        assertThat(minimal.get(0).status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(minimal.get(1).severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(minimal.get(1).fingerprint()).startsWith("generic:");
    }

    @Test
    void shouldKeepTheMappingItWasBuiltFrom() throws IOException {
        MappedFormatParser parser = TestMappings.validated(TestMappings.acme());

        assertThat(parser.id()).isEqualTo("acme-watch");
        assertThat(Json.mapper().readTree(parser.example())).isEqualTo(TestMappings.acme().get("example"));
        assertThat(FormatMapping.fromJson(Json.mapper().valueToTree(parser.mapping()))).isEqualTo(parser.mapping());
    }

    private static List<Problem.FieldError> errors(ObjectNode mapping) {
        try {
            TestMappings.validated(mapping);
        } catch (ProblemException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.toProblem("/api/v1/formats").errors();
        }
        throw new AssertionError("expected the mapping to be refused: " + mapping);
    }
}
