package io.tandem.ingest.format.opsgenie;

import io.tandem.ingest.format.ParseException;
import io.tandem.ingest.format.Samples;
import io.tandem.model.signal.ObservableType;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalStatus;
import org.junit.jupiter.api.Test;

import static io.tandem.ingest.format.SignalAssertions.CONTEXT;
import static io.tandem.ingest.format.SignalAssertions.INGESTED_AT;
import static io.tandem.ingest.format.SignalAssertions.observable;
import static io.tandem.ingest.format.SignalAssertions.parseValid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpsgenieParserTest {

    private final OpsgenieParser parser = new OpsgenieParser();

    @Test
    void shouldMapAlertmanagerNotifierBodies() {
        Signal p1 = parseValid(parser, Samples.read("opsgenie", "alertmanager_opsgenie_create_alert_p1_responders.json")).get(0);
        assertThat(p1.title()).isEqualTo("message");
        assertThat(p1.description()).isEqualTo("description");
        assertThat(p1.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(p1.status()).isEqualTo(SignalStatus.FIRING);
        assertThat(p1.fingerprint()).isEqualTo("opsgenie:6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b");
        assertThat(p1.asset().service()).isEqualTo("test-domain");
        assertThat(p1.observedAt()).isEqualTo(INGESTED_AT);
        assertThat(p1.labels()).containsEntry("opsgenie.tags", "tag1,tag2").containsEntry("opsgenie.responders", "TeamA,EscalationA")
                .containsEntry("details.ResponderName3", "TeamA,TeamB").containsEntry("opsgenie.note", "this is a note");
        assertThat(p1.observables()).contains(observable(ObservableType.URL, "http://prometheus", "details.Source"));

        Signal teams = parseValid(parser, Samples.read("opsgenie", "alertmanager_opsgenie_create_alert_multiple_teams.json")).get(0);
        assertThat(teams.fingerprint()).isEqualTo(p1.fingerprint());
        assertThat(teams.id()).isNotEqualTo(p1.id());
        assertThat(teams.labels()).containsEntry("opsgenie.responders", "TeamA,TeamB");
    }

    @Test
    void shouldMapPrioritiesDefaultsAndClose() {
        Signal s = parseValid(parser, parser.example()).get(0);
        assertThat(s.severity()).isEqualTo(Severity.HIGH);
        assertThat(s.asset().hostname()).isEqualTo("api-3");
        assertThat(s.asset().environment()).isEqualTo("prod");
        assertThat(s.observables()).contains(observable(ObservableType.IP, "10.0.2.33", "details.ip"));
        assertThat(parseValid(parser, "{\"message\":\"m\"}").get(0).severity()).as("P3 default").isEqualTo(Severity.MEDIUM);
        assertThat(parseValid(parser, "{\"message\":\"m\",\"priority\":\"P5\"}").get(0).severity()).isEqualTo(Severity.INFORMATIONAL);
        Signal closed = parseValid(parser, "{\"action\":\"Close\",\"alert\":{\"message\":\"m\",\"alias\":\"a-1\"}}").get(0);
        assertThat(closed.status()).isEqualTo(SignalStatus.RESOLVED);
        assertThat(closed.fingerprint()).isEqualTo("opsgenie:a-1");
    }

    @Test
    void shouldRequireTheMessage() {
        assertThatThrownBy(() -> parser.parse("{\"alias\":\"a\"}".getBytes(), CONTEXT))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.field()).isEqualTo("/message"));
    }
}
