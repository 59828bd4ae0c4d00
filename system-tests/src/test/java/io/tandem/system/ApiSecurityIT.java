package io.tandem.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.Method;
import io.restassured.specification.RequestSpecification;
import io.tandem.testkit.TestInfra;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every operation that each running service lists in its OpenAPI document and proves it answers 401 without a
 * token and 403 with a token of a role its security requirement does not allow. Nothing is hand-picked: a new
 * endpoint is covered the moment it is documented. The one exception is declared in the document itself: an
 * operation marked {@code x-tandem-auth: routing-key} (PagerDuty's drop-in) authenticates by a key in the body.
 */
class ApiSecurityIT {

    private static final List<String> ROLES = List.of("viewer", "responder", "change-manager", "admin", "ingest");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @Test
    void everyDocumentedApiOperationRejectsMissingTokensAndForbiddenRoles() throws Exception {
        RunningPlatform platform = RunningPlatform.get();
        List<String> walked = new ArrayList<>();
        List<String> violations = new ArrayList<>();

        for (String service : RunningPlatform.SERVICES) {
            URI base = platform.uri(service);
            JsonNode openapi = new ObjectMapper().readTree(
                    given().baseUri(base.toString()).accept("application/json").get("/q/openapi").asByteArray());
            for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                if (!isBusinessPath(path.getKey())) {
                    continue;
                }
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (!METHODS.contains(op.getKey())) {
                        continue;
                    }
                    String label = service + " " + op.getKey().toUpperCase() + " " + path.getKey();
                    walked.add(label);
                    check(base, path.getKey(), op.getKey(), op.getValue(), label, violations);
                }
            }
        }

        assertThat(walked).as("documented business operations").isNotEmpty();
        assertThat(violations).as("operations walked: %s", walked).isEmpty();
    }

    private static void check(URI base, String path, String method, JsonNode operation, String label, List<String> violations) {
        String url = concrete(path);
        if ("routing-key".equals(operation.path("x-tandem-auth").asText())) {
            // PagerDuty's Events API authenticates by the routing_key in the body and refuses a bad one with 400.
            int refused = request(base, null).request(Method.valueOf(method.toUpperCase()), url).statusCode();
            if (refused != 400) {
                violations.add(label + ": without a routing key answered " + refused + ", expected 400");
            }
            return;
        }
        Set<String> allowed = allowedRoles(operation);
        if (allowed.isEmpty()) {
            violations.add(label + ": no role-based security requirement in OpenAPI");
            return;
        }
        int anonymous = request(base, null).request(Method.valueOf(method.toUpperCase()), url).statusCode();
        if (anonymous != 401) {
            violations.add(label + ": without a token answered " + anonymous + ", expected 401");
        }
        String forbiddenRole = ROLES.stream().filter(r -> !allowed.contains(r)).findFirst().orElse(null);
        if (forbiddenRole == null) {
            violations.add(label + ": every role is allowed, including ingest");
            return;
        }
        String token = TestInfra.get().token(forbiddenRole, "api-security-it");
        int forbidden = request(base, token).request(Method.valueOf(method.toUpperCase()), url).statusCode();
        if (forbidden != 403) {
            violations.add(label + ": role " + forbiddenRole + " (allowed: " + allowed + ") answered " + forbidden + ", expected 403");
        }
    }

    private static RequestSpecification request(URI base, String token) {
        RequestSpecification spec = given().baseUri(base.toString()).contentType("application/json").body("{}");
        return token == null ? spec : spec.auth().oauth2(token);
    }

    /** The roles of every security requirement of the operation (Quarkus lists @RolesAllowed roles as scopes). */
    private static Set<String> allowedRoles(JsonNode operation) {
        Set<String> roles = new LinkedHashSet<>();
        for (JsonNode requirement : operation.path("security")) {
            requirement.fields().forEachRemaining(scheme -> scheme.getValue().forEach(role -> roles.add(role.asText())));
        }
        return roles;
    }

    private static boolean isBusinessPath(String path) {
        return path.startsWith("/api/") || path.startsWith("/v2/");
    }

    /** Fills path templates: ids become fresh UUIDs, anything else a plausible word. */
    private static String concrete(String template) {
        return template.replaceAll("\\{[^}]*[iI]d}", UUID.randomUUID().toString()).replaceAll("\\{[^}]+}", "alertmanager");
    }
}
