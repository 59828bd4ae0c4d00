package io.tandem.kpi;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tandem.service.Roles;
import io.tandem.testkit.TandemTestResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A scripted week on every projected topic, then the exact KPIs over the API and on {@code /q/metrics}. */
@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class KpiHistoryTest {

    static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void shouldAnswerExactKpisOfAScriptedHistoryOverTheApi() {
        ScriptedHistory history = new ScriptedHistory(Instant.parse("2021-03-01T00:00:00Z")).play();

        JsonPath week = awaitComplete(history);

        assertThat(week.getLong("incidents.opened")).isEqualTo(3);
        assertStats(week, "incidents.mttd", 3, 600, 600, 840, 870, 900);
        assertStats(week, "incidents.mtta", 3, 1200, 1200, 1680, 1740, 1800);
        assertStats(week, "incidents.timeToContain", 1, 2400, 2400, 2400, 2400, 2400);
        assertStats(week, "incidents.mttr", 2, 10800, 10800, 13680, 14040, 14400);
        assertThat(week.getLong("incidents.slaBreached")).isEqualTo(1);
        assertThat(week.getDouble("incidents.slaBreachRate")).isEqualTo(0.3333);
        assertThat(week.getLong("incidents.changeInduced")).isEqualTo(1);
        assertThat(week.getDouble("incidents.changeInducedRate")).isEqualTo(0.3333);

        assertStats(week, "vulnerabilityRemediation", 2, 172800, 172800, 241920, 250560, 259200);

        assertThat(week.getLong("signals.total")).isEqualTo(8);
        assertThat(week.getMap("signals.bySource")).isEqualTo(Map.of(history.source, 8));
        assertThat(week.getMap("signals.byKind")).isEqualTo(Map.of("vulnerability", 5, "operational", 3));

        assertThat(week.getLong("noise.signals")).isEqualTo(10);
        assertThat(week.getLong("noise.alertGroups")).isEqualTo(2);
        assertThat(week.getLong("noise.incidents")).isEqualTo(3);
        assertThat(week.getDouble("noise.signalsPerIncident")).isEqualTo(3.3333);
        assertThat(week.getDouble("noise.deduplicatedShare")).isEqualTo(0.4);
        assertThat(week.getDouble("noise.suppressedShare")).isEqualTo(0.2);
        assertThat(week.getMap("noise.byOutcome")).isEqualTo(Map.of("deduplicated", 4, "grouped", 2, "silenced", 1,
                "change-linked", 1, "routed", 2));

        assertThat(week.getLong("changes.created")).isEqualTo(5);
        assertThat(week.getDouble("changes.emergencyShare")).isEqualTo(0.2);
        assertThat(week.getDouble("changes.securityReviewShare")).isEqualTo(0.4);
        assertThat(week.getLong("changes.ended")).isEqualTo(5);
        assertThat(week.getLong("changes.succeeded")).isEqualTo(2);
        assertThat(week.getDouble("changes.successRate")).isEqualTo(0.4);
        assertThat(week.getLong("changes.causedIncident")).isEqualTo(1);

        assertThat(week.getLong("assets.total")).isEqualTo(2);
        assertThat(week.getLong("assets.unmanaged")).isEqualTo(1);
        assertThat(week.getDouble("assets.unmanagedPercent")).isEqualTo(50.0);
        assertThat(week.getLong("assets.zombies")).isEqualTo(1);
        assertThat(week.getLong("assets.stale")).isEqualTo(1);
        assertThat(week.getLong("assets.discovered")).isEqualTo(1);
    }

    @Test
    void shouldNarrowKpisByKindPriorityAndRange() {
        ScriptedHistory history = new ScriptedHistory(Instant.parse("2021-04-01T00:00:00Z")).play();
        awaitComplete(history);
        String from = history.t0.toString();
        String to = history.at(ofDays(7)).toString();

        JsonPath security = query(from, to, history.team, "kind", "security");
        assertThat(security.getLong("incidents.opened")).isEqualTo(2);
        assertStats(security, "incidents.mtta", 2, 1200, 1200, 1680, 1740, 1800);
        assertThat(security.getLong("noise.signals")).isEqualTo(10);
        assertThat(security.getDouble("incidents.slaBreachRate")).isEqualTo(0.5);

        JsonPath p2 = query(from, to, history.team, "priority", "p2");
        assertThat(p2.getLong("incidents.opened")).isEqualTo(1);
        assertStats(p2, "incidents.mttd", 1, 600, 600, 600, 600, 600);
        assertThat(p2.getLong("incidents.mttr.count")).isZero();
        assertThat(p2.getString("incidents.mttr.meanSeconds")).isNull();
        assertThat(p2.getLong("noise.signals")).isZero();

        // Half an hour in: only I1 is open, nothing resolved; A1, A3 and A5 were the (managed) inventory then.
        JsonPath early = query(history.at(ofDays(-1)).toString(), history.at(ofMinutes(30)).toString(), history.team);
        assertThat(early.getLong("incidents.opened")).isEqualTo(1);
        assertThat(early.getLong("incidents.mttr.count")).isZero();
        assertThat(early.getLong("assets.total")).isEqualTo(3);
        assertThat(early.getDouble("assets.unmanagedPercent")).isEqualTo(0.0);
    }

    @Test
    void shouldExposeDurationHistogramsAndCountersPerTeamOnMetrics() {
        Scrape before = Scrape.now();
        ScriptedHistory history = new ScriptedHistory(Instant.parse("2021-05-01T00:00:00Z")).play();
        awaitComplete(history);

        // Records of different partitions may still be on their way, and the gauges refresh on a timer.
        Awaitility.await("metrics").atMost(DEADLINE).untilAsserted(() -> assertMetrics(history, before, Scrape.now()));
    }

    private static void assertMetrics(ScriptedHistory history, Scrape before, Scrape after) {
        String[] p1 = {"kind", "security", "priority", "P1", "team", history.team};
        assertThat(after.value("tandem_kpi_incidents_open", "kind", "operational", "priority", "P2", "team", history.team))
                .isEqualTo(1.0);
        assertThat(after.value("tandem_kpi_incident_resolve_seconds_count", p1)).isEqualTo(2.0);
        assertThat(after.value("tandem_kpi_incident_resolve_seconds_sum", p1)).isEqualTo(21600.0);
        assertThat(after.value("tandem_kpi_incident_resolve_seconds_bucket", append(p1, "le", "7200.0"))).isEqualTo(1.0);
        assertThat(after.value("tandem_kpi_incident_resolve_seconds_bucket", append(p1, "le", "14400.0"))).isEqualTo(2.0);
        assertThat(after.value("tandem_kpi_incident_acknowledge_seconds_sum", p1)).isEqualTo(2400.0);
        assertThat(after.value("tandem_kpi_incident_detect_seconds_sum", p1)).isEqualTo(1200.0);
        assertThat(after.value("tandem_kpi_incident_contain_seconds_count", p1)).isEqualTo(1.0);
        assertThat(after.value("tandem_kpi_incidents_opened_total", p1)).isEqualTo(2.0);
        assertThat(after.value("tandem_kpi_sla_breaches_total", p1)).isEqualTo(1.0);
        assertThat(after.value("tandem_kpi_incidents_change_induced_total", p1)).isEqualTo(1.0);
        assertThat(after.value("tandem_kpi_signals_total", "source", history.source, "kind", "vulnerability")).isEqualTo(5.0);
        assertThat(after.value("tandem_kpi_assets", "team", history.team, "managed", "false")).isEqualTo(2.0);

        assertThat(delta(before, after, "tandem_kpi_vulnerability_remediation_seconds_count")).isEqualTo(2.0);
        assertThat(delta(before, after, "tandem_kpi_vulnerability_remediation_seconds_sum")).isEqualTo(345600.0);
        assertThat(delta(before, after, "tandem_kpi_decisions_total", "outcome", "deduplicated")).isEqualTo(4.0);
        assertThat(delta(before, after, "tandem_kpi_changes_total", "type", "emergency")).isEqualTo(1.0);
        assertThat(delta(before, after, "tandem_kpi_change_outcomes_total", "outcome", "succeeded")).isEqualTo(4.0);
        assertThat(delta(before, after, "tandem_kpi_change_outcomes_total", "outcome", "failed")).isEqualTo(2.0);
        // Stale, not zombie: an earlier history's second zombie event is not awaited and may land after "before".
        assertThat(delta(before, after, "tandem_kpi_asset_findings_total", "action", "stale")).isEqualTo(1.0);
    }

    @Test
    void shouldRejectBadQueriesNamingTheFieldAndEnforceRoles() {
        Events.as(Roles.VIEWER).queryParam("from", "yesterday").queryParam("kind", "weather").queryParam("priority", "P9")
                .when().get("/api/v1/kpis").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("from", "kind", "priority"));
        Events.as(Roles.VIEWER).queryParam("from", "2021-01-02T00:00:00Z").queryParam("to", "2021-01-01T00:00:00Z")
                .when().get("/api/v1/kpis").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.is("from"));
        io.restassured.RestAssured.given().when().get("/api/v1/kpis").then().statusCode(401);
        Events.as(Roles.INGEST).when().get("/api/v1/kpis").then().statusCode(403);
        Events.as(Roles.RESPONDER).when().post("/api/v1/kpis/rebuild").then().statusCode(403);
        Events.as(Roles.CHANGE_MANAGER).when().get("/api/v1/kpis").then().statusCode(200);
    }

    /** Waits until the whole history is projected, and returns its week for its team. */
    static JsonPath awaitComplete(ScriptedHistory history) {
        String from = history.t0.toString();
        String to = history.at(ofDays(7)).toString();
        return Awaitility.await("history projected").atMost(DEADLINE).pollInterval(Duration.ofMillis(250))
                .until(() -> query(from, to, history.team), week -> week.getLong("incidents.mttr.count") == 2
                        && week.getLong("incidents.opened") == 3 && week.getLong("signals.total") == 8
                        && week.getLong("vulnerabilityRemediation.count") == 2 && week.getLong("noise.signals") == 10
                        && week.getLong("noise.alertGroups") == 2 && week.getLong("changes.causedIncident") == 1
                        && week.getLong("changes.succeeded") == 2 && week.getLong("changes.ended") == 5 && week.getLong("assets.zombies") == 1
                        && week.getLong("assets.stale") == 1 && week.getLong("assets.discovered") == 1
                        && week.getLong("assets.total") == 2);
    }

    static JsonPath query(String from, String to, String team, String... more) {
        var request = Events.as(Roles.VIEWER).queryParam("from", from).queryParam("to", to).queryParam("team", team);
        for (int i = 0; i < more.length; i += 2) {
            request = request.queryParam(more[i], more[i + 1]);
        }
        return request.when().get("/api/v1/kpis").then().statusCode(200).extract().jsonPath();
    }

    private static void assertStats(JsonPath json, String path, long count, double mean, double p50, double p90,
                                    double p95, double max) {
        assertThat(json.getLong(path + ".count")).as(path + ".count").isEqualTo(count);
        assertThat(json.getDouble(path + ".meanSeconds")).as(path + ".mean").isCloseTo(mean, within(0.001));
        assertThat(json.getDouble(path + ".p50Seconds")).as(path + ".p50").isCloseTo(p50, within(0.001));
        assertThat(json.getDouble(path + ".p90Seconds")).as(path + ".p90").isCloseTo(p90, within(0.001));
        assertThat(json.getDouble(path + ".p95Seconds")).as(path + ".p95").isCloseTo(p95, within(0.001));
        assertThat(json.getDouble(path + ".maxSeconds")).as(path + ".max").isCloseTo(max, within(0.001));
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static String[] append(String[] labels, String... more) {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }
}
