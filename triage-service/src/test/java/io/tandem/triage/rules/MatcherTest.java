package io.tandem.triage.rules;

import io.tandem.model.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Alertmanager matcher semantics, including the edge cases its users rely on. */
class MatcherTest {

    private static boolean matches(String matcher, Map<String, String> labels) {
        return Matcher.parse(matcher).matches(labels::get);
    }

    @Test
    void shouldAnchorRegexesToTheWholeValue() {
        assertThat(matches("instance=~\"web\"", Map.of("instance", "web-01"))).isFalse();
        assertThat(matches("instance=~\"web.*\"", Map.of("instance", "web-01"))).isTrue();
        assertThat(matches("instance=~\"web|db\"", Map.of("instance", "db"))).as("alternation inside the anchors").isTrue();
        assertThat(matches("instance=~\"web|db\"", Map.of("instance", "webdb"))).isFalse();
        assertThat(matches("instance!~\"web.*\"", Map.of("instance", "db-01"))).isTrue();
    }

    @Test
    void shouldTreatAMissingLabelAsTheEmptyValue() {
        assertThat(matches("team=\"\"", Map.of())).as("absent equals empty").isTrue();
        assertThat(matches("team=\"\"", Map.of("team", "sre"))).isFalse();
        assertThat(matches("team!=\"\"", Map.of())).as("!=\"\" requires the label").isFalse();
        assertThat(matches("team!=\"\"", Map.of("team", ""))).as("an empty value is the same as absent").isFalse();
        assertThat(matches("team=~\".*\"", Map.of())).as(".* matches absent").isTrue();
        assertThat(matches("team=~\".+\"", Map.of())).isFalse();
        assertThat(matches("team!=\"sre\"", Map.of())).isTrue();
    }

    @Test
    void shouldParseTheAmtoolFormWithQuotesAndEscapes() {
        Matcher m = Matcher.parse("  alertname = \"Disk \\\"full\\\"\" ");
        assertThat(m.name()).isEqualTo("alertname");
        assertThat(m.matches(Map.of("alertname", "Disk \"full\"")::get)).isTrue();
        assertThat(Matcher.parse("severity=critical").matches(Map.of("severity", "critical")::get)).as("unquoted").isTrue();
        assertThat(Matcher.parse("a!~\"x\"").toString()).isEqualTo("a!~\"x\"");
    }

    @Test
    void shouldReadAndWriteAlertmanagersV2Objects() throws Exception {
        Matcher m = Json.mapper().readValue("{\"name\":\"job\",\"value\":\"api.*\",\"isRegex\":true,\"isEqual\":false}", Matcher.class);
        assertThat(m.matches(Map.of("job", "api-gw")::get)).isFalse();
        assertThat(m.matches(Map.of("job", "node")::get)).isTrue();
        assertThat(Json.mapper().writeValueAsString(m)).isEqualTo("{\"name\":\"job\",\"value\":\"api.*\",\"isRegex\":true,\"isEqual\":false}");
        assertThat(Json.mapper().readValue("{\"name\":\"job\",\"value\":\"x\"}", Matcher.class).pinsValue())
                .as("isEqual defaults to true, isRegex to false").isTrue();
    }

    @Test
    void shouldRefuseMalformedMatchersNamingTheProblem() {
        assertThatThrownBy(() -> Matcher.parse("no operator")).hasMessageContaining("is not a matcher");
        assertThatThrownBy(() -> Matcher.parse("a=~\"(\"")).hasMessageContaining("invalid regex");
        assertThatThrownBy(() -> new Matcher("", "x", false, true)).hasMessageContaining("needs a name");
    }

    @Test
    void shouldOnlyCountANonEmptyEqualityAsPinningAValue() {
        assertThat(Matcher.parse("alertname=\"X\"").pinsValue()).isTrue();
        assertThat(Matcher.parse("alertname=\"\"").pinsValue()).isFalse();
        assertThat(Matcher.parse("alertname=~\"X\"").pinsValue()).isFalse();
        assertThat(Matcher.parse("alertname!=\"X\"").pinsValue()).isFalse();
    }
}
