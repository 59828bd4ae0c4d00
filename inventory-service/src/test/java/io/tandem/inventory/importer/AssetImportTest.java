package io.tandem.inventory.importer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.tandem.inventory.Fixtures;
import io.tandem.service.Roles;
import io.tandem.testkit.TandemTestResource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tandem.inventory.Fixtures.as;
import static io.tandem.inventory.Fixtures.byIdentifier;
import static io.tandem.inventory.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class AssetImportTest {

    private static final int ROWS = 10_000;

    /** Rows are unmanaged so that stale-check tests, which move the clock, need not report thousands of them. */
    private static String csv(String prefix, int rows) {
        StringBuilder csv = new StringBuilder("name,type,environment,ownerTeam,criticality,managed,hostname,ip,tags\n");
        for (int i = 0; i < rows; i++) {
            csv.append(prefix).append('-').append(i).append(",vm,prod,").append(prefix).append(',')
                    .append(i % 4 + 1).append(',').append(i % 2 == 0 ? "false" : "no").append(',').append(prefix).append('-').append(i)
                    .append(",\"10.").append(i / 65536 % 256).append('.').append(i / 256 % 256).append('.').append(i % 256)
                    .append("\",app=a").append(i % 7).append('\n');
        }
        return csv.toString();
    }

    private static int countTeam(String team) {
        int total = 0;
        String cursor = null;
        do {
            var spec = as(Roles.VIEWER).queryParam("ownerTeam", team).queryParam("limit", 1000);
            if (cursor != null) {
                spec = spec.queryParam("cursor", cursor);
            }
            JsonPath page = spec.when().get("/api/v1/assets").then().statusCode(200).extract().jsonPath();
            total += page.getList("items").size();
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return total;
    }

    @Test
    void shouldRejectTheWholeImportAndListEveryBadRow() {
        String prefix = unique("cmdb-bad");
        String[] lines = csv(prefix, ROWS).split("\n");
        lines[101] = prefix + "-100,toaster,prod," + prefix + ",2,true," + prefix + "-100,10.0.0.1,";
        lines[5001] = prefix + "-5000,vm,prod," + prefix + ",9,true," + prefix + "-5000,10.0.19.136,";
        lines[9000] = prefix + "-8999,vm,prod," + prefix + ",1,maybe,bad host!,10.0.35.39,";

        JsonPath problem = as(Roles.ADMIN).contentType("text/csv").queryParam("source", "cmdb")
                .body(String.join("\n", lines)).when().post("/api/v1/assets/import")
                .then().statusCode(400).contentType("application/problem+json").extract().jsonPath();

        assertThat(problem.getString("detail")).startsWith("3 of 10000 rows are invalid; nothing was imported");
        assertThat(problem.getList("errors.field", String.class))
                .containsExactlyInAnyOrder("rows[101].type", "rows[5001].criticality", "rows[9000].managed", "rows[9000].hostname");
        assertThat(problem.getString("errors[0].message")).startsWith("line 102: ").contains("toaster");
        assertThat(countTeam(prefix)).isZero();
    }

    @Test
    void shouldImportTenThousandRowsInOneCall() {
        String prefix = unique("cmdb-ok");
        String body = csv(prefix, ROWS);

        long started = System.nanoTime();
        JsonPath result = as(Roles.ADMIN).contentType("text/csv").queryParam("source", "cmdb").body(body)
                .when().post("/api/v1/assets/import").then().statusCode(200).extract().jsonPath();
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("IMPORT-TIMING: %d CSV rows imported in %d ms over HTTP (service-measured %d ms)%n",
                ROWS, millis, result.getLong("durationMillis"));

        assertThat(result.getInt("created")).isEqualTo(ROWS);
        assertThat(countTeam(prefix)).isEqualTo(ROWS);
        assertThat(byIdentifier(prefix.toUpperCase() + "-4242")).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("criticality", 3).containsEntry("sources", List.of("cmdb")));

        // Importing again matches every row by identifier: nothing is duplicated.
        JsonPath again = as(Roles.ADMIN).contentType("text/csv").queryParam("source", "cmdb").body(body)
                .when().post("/api/v1/assets/import").then().statusCode(200).extract().jsonPath();
        assertThat(again.getInt("updated")).isEqualTo(ROWS);
        assertThat(countTeam(prefix)).isEqualTo(ROWS);
    }

    @Test
    void shouldImportAJsonArrayAndMergeIntoExistingAssets() {
        String host = unique("json");
        Fixtures.create(Map.of("name", host, "type", "vm", "hostname", host, "ownerTeam", "sre"));

        JsonPath result = as(Roles.ADMIN).contentType(ContentType.JSON).queryParam("source", "cloud-export")
                .body(List.of(Map.of("type", "vm", "fqdn", host + ".corp.example", "environment", "staging"),
                        Map.of("type", "cloud-resource", "cloudResourceId", "arn:aws:ec2:" + host)))
                .when().post("/api/v1/assets/import").then().statusCode(200).extract().jsonPath();

        assertThat(result.getInt("created")).isEqualTo(1);
        assertThat(result.getInt("updated")).isEqualTo(1);
        Map<String, Object> merged = byIdentifier(host).get(0);
        assertThat(merged).containsEntry("ownerTeam", "sre").containsEntry("environment", "staging")
                .containsEntry("sources", List.of("cloud-export", "manual"));
    }

    @Test
    void shouldAnswerBadInputWithProblems() {
        as(Roles.ADMIN).contentType(ContentType.JSON).queryParam("source", "cmdb").body("[{\"type\": ")
                .when().post("/api/v1/assets/import").then().statusCode(400).contentType("application/problem+json");
        as(Roles.ADMIN).contentType(ContentType.JSON).queryParam("source", "cmdb").body("{\"type\": \"vm\"}")
                .when().post("/api/v1/assets/import").then().statusCode(400).contentType("application/problem+json");
        as(Roles.ADMIN).contentType("text/csv").queryParam("source", "cmdb").body("name,type\n\"open,vm\n")
                .when().post("/api/v1/assets/import").then().statusCode(400).contentType("application/problem+json");
        JsonPath header = as(Roles.ADMIN).contentType("text/csv").queryParam("source", "cmdb").body("name,colour\nx,red\n")
                .when().post("/api/v1/assets/import").then().statusCode(400).extract().jsonPath();
        assertThat(header.getString("errors[0].message")).contains("colour");
        as(Roles.ADMIN).contentType("text/csv").body("name,type,hostname\nx,vm,x\n")
                .when().post("/api/v1/assets/import").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("source"));
        as(Roles.ADMIN).contentType("application/xml").queryParam("source", "cmdb").body("<a/>")
                .when().post("/api/v1/assets/import").then().statusCode(415);
        String dup = unique("dup");
        JsonPath duplicates = as(Roles.ADMIN).contentType("text/csv").queryParam("source", "cmdb")
                .body("name,type,hostname\na,vm," + dup + "\nb,vm," + dup.toUpperCase() + "\n")
                .when().post("/api/v1/assets/import").then().statusCode(400).extract().jsonPath();
        assertThat(duplicates.getString("errors[0].message")).contains("rows[1]");
        assertThat(byIdentifier(dup)).isEmpty();
    }

    @Test
    void shouldRefuseAnImportAboveTheRowLimit() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i <= 20_000; i++) {
            rows.add(Map.of("type", "vm", "hostname", "h" + i));
        }
        as(Roles.ADMIN).contentType(ContentType.JSON).queryParam("source", "cmdb").body(rows)
                .when().post("/api/v1/assets/import").then().statusCode(413).contentType("application/problem+json");
        as(Roles.CHANGE_MANAGER).contentType(ContentType.JSON).queryParam("source", "cmdb").body(List.of())
                .when().post("/api/v1/assets/import").then().statusCode(403);
    }
}
