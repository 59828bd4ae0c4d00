package io.tandem.testkit;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform conventions every service keeps (docs/architecture.md, "Runtime"): readiness that covers Kafka and
 * the database, Prometheus metrics, OpenAPI and Swagger UI. Each service runs it as a {@code @QuarkusTest} subclass.
 */
public abstract class ServiceConventionsContract {

    /** Whether the service owns a database schema, so readiness must cover PostgreSQL too. */
    protected abstract boolean hasDatabase();

    @Test
    void shouldBeReadyWithKafkaAndDatabaseChecked() {
        // Readiness may trail start-up (a Kafka Streams application is ready once its tasks run).
        Awaitility.await("readiness").atMost(Duration.ofSeconds(60))
                .until(() -> given().when().get("/q/health/ready").statusCode() == 200);
        JsonPath health = given().when().get("/q/health/ready").then().statusCode(200).extract().jsonPath();

        assertThat(health.getString("status")).isEqualTo("UP");
        List<String> checks = health.getList("checks.name", String.class);
        assertThat(checks).anyMatch(name -> name.toLowerCase().contains("kafka"));
        if (hasDatabase()) {
            assertThat(checks).anyMatch(name -> name.toLowerCase().contains("postgresql") || name.toLowerCase().contains("database"));
        }
    }

    @Test
    void shouldExposePrometheusMetrics() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).contains("# TYPE jvm_memory_used_bytes gauge");
    }

    @Test
    void shouldServeOpenApiAndSwaggerUi() {
        JsonPath openapi = given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();

        assertThat(openapi.getString("openapi")).startsWith("3.");
        assertThat(openapi.getMap("components.securitySchemes")).isNotEmpty();
        given().redirects().follow(true).when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void shouldAnswerUnknownApiPathsWithProblemJson() {
        String token = TestInfra.get().token("admin", "conventions-test");
        given().auth().oauth2(token).when().get("/api/v1/no-such-thing").then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }
}
