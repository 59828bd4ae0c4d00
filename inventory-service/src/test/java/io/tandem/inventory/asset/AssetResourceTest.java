package io.tandem.inventory.asset;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.Identifiers;
import io.tandem.model.asset.Lifecycle;
import io.tandem.service.Roles;
import io.tandem.testkit.TandemTestResource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static io.tandem.inventory.Fixtures.admin;
import static io.tandem.inventory.Fixtures.as;
import static io.tandem.inventory.Fixtures.byIdentifier;
import static io.tandem.inventory.Fixtures.create;
import static io.tandem.inventory.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class AssetResourceTest {

    @Test
    void shouldCreateAnAssetWithLocationAndReadItBack() {
        String host = unique("web");
        var response = admin().body(Map.of("name", host, "type", "vm", "environment", "prod", "ownerTeam", "sre",
                        "criticality", 1, "managed", true, "tags", Map.of("app", "shop"),
                        "identifiers", List.of(Map.of("type", "hostname", "value", host))))
                .when().post("/api/v1/assets").then().statusCode(201).extract();

        String id = response.jsonPath().getString("id");
        assertThat(response.header("Location")).endsWith("/api/v1/assets/" + id);
        JsonPath read = as(Roles.VIEWER).when().get("/api/v1/assets/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(read.getString("type")).isEqualTo("vm");
        assertThat(read.getString("lifecycle")).isEqualTo("active");
        assertThat(read.getList("sources")).containsExactly("manual");
        assertThat(read.getString("identifiers[0].value")).isEqualTo(host);
    }

    @Test
    void shouldReplaceAndDeleteAnAsset() {
        String host = unique("db");
        Asset asset = create(Map.of("name", host, "type", "host", "hostname", host));

        admin().body(Map.of("name", host, "type", "host", "ownerTeam", "dba", "hostname", host, "ip", "10.9.8.7"))
                .when().put("/api/v1/assets/" + asset.id()).then().statusCode(200);
        assertThat(byIdentifier("10.9.8.7")).extracting(m -> m.get("ownerTeam")).containsExactly("dba");

        as(Roles.ADMIN).when().delete("/api/v1/assets/" + asset.id()).then().statusCode(204);
        as(Roles.VIEWER).when().get("/api/v1/assets/" + asset.id()).then().statusCode(404)
                .contentType("application/problem+json");
        assertThat(byIdentifier(host)).isEmpty();
    }

    @Test
    void shouldNameEveryInvalidFieldInOneProblem() {
        JsonPath problem = admin().body(Map.of("name", "x", "type", "toaster", "criticality", 7, "ip", "300.1.1.1",
                        "managed", "perhaps", "privilegeLevel", "domain-admin", "lastSeenAt", "yesterday"))
                .when().post("/api/v1/assets").then().statusCode(400).contentType("application/problem+json")
                .extract().jsonPath();

        assertThat(problem.getList("errors.field", String.class))
                .contains("type", "criticality", "ip", "managed", "lastSeenAt");
        assertThat(problem.getString("errors.find { it.field == 'type' }.message")).contains("expected one of");
    }

    @Test
    void shouldRejectMalformedJsonAsProblem() {
        admin().body("{\"name\": ").when().post("/api/v1/assets").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void shouldMatchIdentifiersWhateverTheirSpelling() {
        String host = unique("web");
        String suffix = Integer.toHexString(host.hashCode() & 0xfff);
        Asset asset = create(Map.of("name", host, "type", "vm", "identifiers", List.of(
                Map.of("type", "fqdn", "value", host.toUpperCase() + ".corp.example"),
                Map.of("type", "ip", "value", "2001:DB8:0:0::" + suffix),
                Map.of("type", "mac", "value", "AA-BB-CC-00-" + String.format("%04x", host.hashCode() & 0xffff).substring(0, 2) + "-" + String.format("%04x", host.hashCode() & 0xffff).substring(2)))));

        String mac = "aa:bb:cc:00:" + String.format("%04x", host.hashCode() & 0xffff).substring(0, 2) + ":" + String.format("%04x", host.hashCode() & 0xffff).substring(2);
        for (String spelling : List.of(host, host.toUpperCase(), host + ".corp.example", host.toUpperCase() + ".CORP.EXAMPLE.",
                "2001:db8::" + suffix, "2001:0db8:0000:0000:0000:0000:0000:" + suffix, mac)) {
            assertThat(byIdentifier(spelling)).as(spelling).extracting(m -> m.get("id")).containsExactly(asset.id().toString());
        }
        JsonPath conflict = admin().body(Map.of("name", "other", "type", "host", "hostname", host.toUpperCase()))
                .when().post("/api/v1/assets").then().statusCode(409).contentType("application/problem+json")
                .extract().jsonPath();
        assertThat(conflict.getString("errors[0].message")).contains("host:" + host, asset.id().toString());
    }

    @Test
    void shouldFilterAndPageWithCursor() {
        String team = unique("team");
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            created.add(create(Map.of("name", team + "-" + i, "type", "container", "ownerTeam", team, "managed", i % 2 == 0,
                    "hostname", team + "-" + i)).id().toString());
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var spec = as(Roles.RESPONDER).queryParam("ownerTeam", team).queryParam("limit", 2);
            if (cursor != null) {
                spec = spec.queryParam("cursor", cursor);
            }
            JsonPath page = spec.when().get("/api/v1/assets").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactlyInAnyOrderElementsOf(created);
        assertThat(pages).isEqualTo(3);
        assertThat(as(Roles.VIEWER).queryParam("ownerTeam", team).queryParam("unmanaged", "true")
                .queryParam("type", "container").when().get("/api/v1/assets")
                .then().statusCode(200).extract().jsonPath().getList("items")).hasSize(2);
        assertThat(as(Roles.VIEWER).queryParam("q", team.toUpperCase() + "-3").when().get("/api/v1/assets")
                .then().statusCode(200).extract().jsonPath().getList("items")).hasSize(1);
        JsonPath last = as(Roles.VIEWER).queryParam("ownerTeam", team).when().get("/api/v1/assets")
                .then().statusCode(200).extract().jsonPath();
        assertThat(last.getMap("$")).containsEntry("nextCursor", null);
    }

    @Test
    void shouldRejectBadQueryParameters() {
        JsonPath problem = as(Roles.VIEWER).queryParam("type", "toaster").queryParam("zombie", "maybe")
                .when().get("/api/v1/assets").then().statusCode(400).contentType("application/problem+json")
                .extract().jsonPath();
        assertThat(problem.getList("errors.field", String.class)).containsExactlyInAnyOrder("type", "zombie");
        as(Roles.VIEWER).queryParam("limit", 1001).when().get("/api/v1/assets").then().statusCode(400);
        as(Roles.VIEWER).queryParam("cursor", "@@@").when().get("/api/v1/assets").then().statusCode(400);
    }

    @Test
    void shouldAllowReadsToPeopleAndWritesToAdminsOnly() {
        given().when().get("/api/v1/assets").then().statusCode(401);
        as(Roles.INGEST).when().get("/api/v1/assets").then().statusCode(403);
        for (String role : List.of(Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN)) {
            as(role).when().get("/api/v1/assets").then().statusCode(200);
        }
        as(Roles.VIEWER).contentType(ContentType.JSON).body(Map.of("name", "x", "type", "host"))
                .when().post("/api/v1/assets").then().statusCode(403);
        as(Roles.INGEST).contentType(ContentType.JSON).body(Map.of("name", "x", "type", "host"))
                .when().post("/api/v1/assets").then().statusCode(403);
    }

    @Test
    void shouldListTransitiveDependentsWithOwnersAsImpact() {
        String prefix = unique("impact");
        Asset segment = create(Map.of("name", prefix + "-dmz", "type", "network-device", "ownerTeam", "netops"));
        Asset db = create(Map.of("name", prefix + "-db", "type", "vm", "ownerTeam", "dba"));
        Asset app = create(Map.of("name", prefix + "-app", "type", "application", "ownerTeam", "payments",
                "relations", List.of(Map.of("type", "depends-on", "targetId", db.id().toString()),
                        Map.of("type", "member-of", "targetId", segment.id().toString()))));
        Asset web = create(Map.of("name", prefix + "-web", "type", "application", "ownerTeam", "storefront",
                "relations", List.of(Map.of("type", "depends-on", "targetId", app.id().toString()))));
        Asset unrelated = create(Map.of("name", prefix + "-other", "type", "vm", "ownerTeam", "x"));

        JsonPath impact = as(Roles.CHANGE_MANAGER).when().get("/api/v1/assets/" + db.id() + "/impact")
                .then().statusCode(200).extract().jsonPath();

        assertThat(impact.getList("dependents.id", String.class))
                .containsExactlyInAnyOrder(app.id().toString(), web.id().toString())
                .doesNotContain(unrelated.id().toString(), segment.id().toString());
        assertThat(impact.getList("owners", String.class)).containsExactly("payments", "storefront");
        assertThat(impact.getList("dependents.find { it.id == '" + app.id() + "' }.via", String.class))
                .containsExactly("depends-on:" + db.id());
        assertThat(io.tandem.inventory.Fixtures.get(app.id()).relations()).hasSize(2);

        admin().body(Map.of("name", "loop", "type", "vm", "relations",
                        List.of(Map.of("type", "runs-on", "targetId", "00000000-0000-0000-0000-000000000001"))))
                .when().post("/api/v1/assets").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("relations[0].targetId"));
    }

    @Test
    void shouldDecommissionOnceAndAnswerConflictAfterwards() {
        Asset asset = create(Map.of("name", unique("old"), "type", "host", "managed", true));

        JsonPath done = as(Roles.CHANGE_MANAGER).queryParam("reason", "CHG-42").when()
                .post("/api/v1/assets/" + asset.id() + "/decommission").then().statusCode(200).extract().jsonPath();
        assertThat(done.getString("lifecycle")).isEqualTo(Lifecycle.DECOMMISSIONED.wire());
        assertThat(done.getBoolean("managed")).isFalse();

        as(Roles.ADMIN).when().post("/api/v1/assets/" + asset.id() + "/decommission").then().statusCode(409)
                .contentType("application/problem+json").body("errors[0].message", org.hamcrest.Matchers.equalTo("decommissioned"));
        as(Roles.RESPONDER).when().post("/api/v1/assets/" + asset.id() + "/decommission").then().statusCode(403);
    }
}
