package io.tandem.kpi;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tandem.model.Topics;
import io.tandem.service.Roles;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static java.time.Duration.ofDays;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The KPI facts are a projection: wiping them and replaying the topics from the beginning gives the same numbers,
 * and does not count the replayed events again on the meters.
 */
@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class KpiRebuildTest {

    @Test
    void shouldGiveTheSameKpisAfterWipingTheFactsAndReplayingTheTopics() throws SQLException {
        ScriptedHistory history = new ScriptedHistory(Instant.parse("2021-06-01T00:00:00Z")).play();
        String from = history.t0.toString();
        String to = history.at(ofDays(7)).toString();
        Map<String, Object> team = KpiHistoryTest.awaitComplete(history).getMap("");
        Map<String, Object> everyone = unfiltered(from, to).getMap("");
        Scrape before = Scrape.now();
        // A fact no topic holds: the rebuild must wipe it, or it would survive as a phantom incident.
        insertPhantomIncident(history);
        assertThat(KpiHistoryTest.query(from, to, history.team).getLong("incidents.opened")).isEqualTo(4);

        JsonPath rebuilt = Events.as(Roles.ADMIN).when().post("/api/v1/kpis/rebuild").then().statusCode(200)
                .extract().jsonPath();

        assertThat(rebuilt.getLong("replayed.'" + Topics.INCIDENTS_EVENTS + "'")).isGreaterThanOrEqualTo(14);
        assertThat(rebuilt.getLong("replayed.'" + Topics.CHANGES_EVENTS + "'")).isGreaterThanOrEqualTo(12);
        assertThat(rebuilt.getLong("replayed.'" + Topics.INVENTORY_ASSETS + "'")).isGreaterThanOrEqualTo(7);
        assertThat(KpiHistoryTest.query(from, to, history.team).getMap("")).isEqualTo(team);
        assertThat(unfiltered(from, to).getMap("")).isEqualTo(everyone);
        String[] p1 = {"kind", "security", "priority", "P1", "team", history.team};
        assertThat(Scrape.now().value("tandem_kpi_incident_resolve_seconds_count", p1))
                .isEqualTo(before.value("tandem_kpi_incident_resolve_seconds_count", p1)).isEqualTo(2.0);
    }

    private static JsonPath unfiltered(String from, String to) {
        return Events.as(Roles.VIEWER).queryParam("from", from).queryParam("to", to).when().get("/api/v1/kpis")
                .then().statusCode(200).extract().jsonPath();
    }

    private static void insertPhantomIncident(ScriptedHistory history) throws SQLException {
        TestInfra infra = TestInfra.get();
        try (Connection db = DriverManager.getConnection(infra.jdbcUrl(), infra.dbUser(), infra.dbPassword());
             Statement sql = db.createStatement()) {
            sql.executeUpdate("INSERT INTO kpi.incident_fact (incident_id, kind, priority, team, status, opened_at,"
                    + " sla_breaches, change_induced, last_event_at) VALUES ('" + UUID.randomUUID() + "', 'security', 'P1', '"
                    + history.team + "', 'triggered', '" + history.at(ofDays(1)) + "', 0, false, now())");
        }
    }
}
