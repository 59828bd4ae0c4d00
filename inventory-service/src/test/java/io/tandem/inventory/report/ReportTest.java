package io.tandem.inventory.report;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.tandem.service.Roles;
import io.tandem.testkit.TandemTestResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.tandem.inventory.Fixtures.as;
import static io.tandem.inventory.Fixtures.byIdentifier;
import static io.tandem.inventory.Fixtures.create;
import static io.tandem.inventory.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class ReportTest {

    private static void importRows(String source, List<Map<String, Object>> rows) {
        as(Roles.ADMIN).contentType(ContentType.JSON).queryParam("source", source).body(rows)
                .when().post("/api/v1/assets/import").then().statusCode(200);
    }

    private static String id(String host) {
        return (String) byIdentifier(host).get(0).get("id");
    }

    @Test
    void shouldReconcileTwoPartlyOverlappingSources() {
        String p = unique("rec");
        String cmdb = "cmdb-" + p.substring(4);
        String scanner = "scanner-" + p.substring(4);
        importRows(cmdb, List.of(
                Map.of("type", "vm", "hostname", p + "-a", "ownerTeam", "sre", "criticality", 2),
                Map.of("type", "vm", "hostname", p + "-b", "ownerTeam", "sre", "criticality", 2),
                Map.of("type", "vm", "hostname", p + "-c", "ownerTeam", "sre", "criticality", 1, "environment", "prod")));
        importRows(scanner, List.of(
                Map.of("type", "vm", "fqdn", p + "-b.corp.example", "ownerTeam", "SRE", "criticality", 2),
                Map.of("type", "vm", "ip", "10.1.2.3", "hostname", p + "-c", "ownerTeam", "payments", "criticality", 3),
                Map.of("type", "vm", "hostname", p + "-d")));

        JsonPath report = as(Roles.VIEWER).queryParam("sources", cmdb + "," + scanner)
                .when().get("/api/v1/assets/reconciliation").then().statusCode(200).extract().jsonPath();

        assertThat(report.getList("onlyInFirst.id", String.class)).containsExactly(id(p + "-a"));
        assertThat(report.getList("onlyInSecond.id", String.class)).containsExactly(id(p + "-d"));
        assertThat(report.getList("differences.id", String.class)).containsExactly(id(p + "-c"));
        assertThat(report.getList("differences[0].fields.field", String.class)).containsExactly("criticality", "ownerTeam");
        assertThat(report.getMap("differences[0].fields.find { it.field == 'ownerTeam' }.values"))
                .containsEntry(cmdb, "sre").containsEntry(scanner, "payments");
        assertThat(report.getBoolean("truncated")).isFalse();

        as(Roles.VIEWER).queryParam("sources", cmdb).when().get("/api/v1/assets/reconciliation")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void shouldReportManagedCoverageByEnvironmentAndOwner() {
        String env = unique("env");
        String team = unique("team");
        create(Map.of("name", unique("m"), "type", "vm", "environment", env, "ownerTeam", team, "managed", true));
        create(Map.of("name", unique("m"), "type", "vm", "environment", env, "ownerTeam", team, "managed", true));
        create(Map.of("name", unique("u"), "type", "vm", "environment", env, "ownerTeam", team, "managed", false));

        JsonPath coverage = as(Roles.RESPONDER).when().get("/api/v1/assets/coverage").then().statusCode(200)
                .extract().jsonPath();

        assertThat(coverage.getMap("byEnvironment.find { it.key == '" + env + "' }"))
                .containsEntry("total", 3).containsEntry("managed", 2).containsEntry("managedPercent", 66.67f);
        assertThat(coverage.getMap("byOwnerTeam.find { it.key == '" + team + "' }")).containsEntry("managed", 2);
        assertThat(coverage.getLong("total")).isGreaterThanOrEqualTo(3);
    }
}
