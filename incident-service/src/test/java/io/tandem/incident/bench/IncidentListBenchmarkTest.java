package io.tandem.incident.bench;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tandem.testkit.TandemTestResource;
import io.tandem.testkit.TestInfra;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures {@code GET /api/v1/incidents} over 100,000 incidents with filters and cursor paging, through real HTTP
 * and PostgreSQL, and prints the latency percentiles (no wall-clock assertion: numbers vary by machine). Run with
 * {@code mvn -pl incident-service verify -Dtest=IncidentListBenchmarkTest -Dbenchmark=true}.
 */
@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class IncidentListBenchmarkTest {

    static final int INCIDENTS = 100_000;
    static final int TEAMS = 20;
    static final int QUERIES = 1000;
    static final int WARM_UP = 200;

    @Inject
    Pool pool;

    @Test
    void measureFilteredPageQueriesOverAHundredThousandIncidents() {
        // Teams, states, priorities and kinds spread evenly; opening times over a year, newest last; SLA deadlines far
        // ahead, so the SLA poller does not report 20,000 breaches while we measure.
        pool.preparedQuery("""
                        INSERT INTO incident (id, title, kind, status, priority, severity_id, team, asset_keys,
                                              opened_at, acknowledge_by, resolve_by)
                        SELECT gen_random_uuid(), 'bench incident ' || i,
                               (ARRAY['security','operational','both'])[1 + i % 3],
                               (ARRAY['triggered','acknowledged','mitigated','resolved','closed'])[1 + (i / 7) % 5],
                               'P' || (1 + (i / 3) % 5), 4, 'bench-team-' || (i % $2), ARRAY['host-' || (i % 5000)],
                               now() - make_interval(secs => ($1 - i) * 315.0), now() + interval '1 year',
                               now() + interval '1 year'
                          FROM generate_series(1, $1) AS i
                        """).execute(Tuple.of(INCIDENTS, TEAMS))
                .chain(() -> pool.query("ANALYZE incident").execute())
                .await().atMost(Duration.ofMinutes(5));

        String token = TestInfra.get().token("viewer", "bench");
        String plan = explain();
        System.out.println("[bench] plan of a filtered page query:\n" + plan);

        // Warm-up, not counted: JIT, connection pools and the first plans.
        for (int q = 0; q < WARM_UP; q++) {
            given().auth().oauth2(token).queryParam("team", "bench-team-" + (q % TEAMS)).queryParam("status", "triggered")
                    .queryParam("limit", 50).get("/api/v1/incidents").then().statusCode(200);
        }
        List<Long> first = new ArrayList<>();
        List<Long> deep = new ArrayList<>();
        for (int q = 0; q < QUERIES; q++) {
            String team = "bench-team-" + (q % TEAMS);
            long start = System.nanoTime();
            byte[] body = given().auth().oauth2(token).queryParam("team", team).queryParam("status", "triggered")
                    .queryParam("limit", 50).get("/api/v1/incidents").then().statusCode(200).extract().asByteArray();
            first.add(System.nanoTime() - start);
            JsonPath page = new JsonPath(new String(body, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(page.getList("items")).hasSize(50);
            // Follow the cursor a few pages down, where offset paging would slow down and keyset paging does not.
            String cursor = page.getString("nextCursor");
            for (int depth = 0; depth < 3 && cursor != null; depth++) {
                start = System.nanoTime();
                byte[] nextBody = given().auth().oauth2(token).queryParam("team", team).queryParam("status", "triggered")
                        .queryParam("limit", 50).queryParam("cursor", cursor).get("/api/v1/incidents").then()
                        .statusCode(200).extract().asByteArray();
                deep.add(System.nanoTime() - start);
                JsonPath next = new JsonPath(new String(nextBody, java.nio.charset.StandardCharsets.UTF_8));
                cursor = next.getString("nextCursor");
            }
        }
        report("HTTP first page (team + status, limit 50)", first);
        report("HTTP following pages by cursor", deep);

        // The same query straight on the database, to separate the index from HTTP and JSON.
        List<Long> sql = new ArrayList<>();
        for (int q = 0; q < QUERIES; q++) {
            long start = System.nanoTime();
            pool.preparedQuery("SELECT " + io.tandem.incident.incident.IncidentRepository.COLUMNS
                            + " FROM incident WHERE team = $1 AND status = $2 ORDER BY opened_at DESC, id DESC LIMIT 51")
                    .execute(Tuple.of("bench-team-" + (q % TEAMS), "triggered")).await().atMost(Duration.ofSeconds(10));
            sql.add(System.nanoTime() - start);
        }
        report("SQL of a first page", sql);
    }

    private String explain() {
        StringBuilder plan = new StringBuilder();
        pool.preparedQuery("""
                        EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM incident WHERE team = $1 AND status = $2
                         ORDER BY opened_at DESC, id DESC LIMIT 51
                        """).execute(Tuple.of("bench-team-3", "triggered"))
                .await().atMost(Duration.ofSeconds(30))
                .forEach((Row r) -> plan.append("  ").append(r.getString(0)).append('\n'));
        return plan.toString();
    }

    private static void report(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf("[bench] %s over %,d incidents, %d requests: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                what, INCIDENTS, sorted.size(), ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99),
                sorted.get(sorted.size() - 1) / 1e6);
    }

    private static double ms(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
