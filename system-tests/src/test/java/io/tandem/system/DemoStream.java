package io.tandem.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.model.json.Json;
import io.tandem.testkit.TestInfra;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short demo stream through the running services' own HTTP APIs, so that every KPI has something to show:
 * <ul>
 *   <li>every ingest format's example, and a vulnerability that fires and is resolved;</li>
 *   <li>a critical alert on a host nobody attends to, whose incident breaches its SLA (the test platform's SLAs
 *   are seconds, see {@link RunningPlatform#TEST_CONFIG});</li>
 *   <li>on a managed asset: a normal change with a security impact, approved by two change managers other than its
 *   requester, started and completed; an emergency change started before approval and rolled back;</li>
 *   <li>a critical alert on that asset after the change completed: change-service links its incident to the change,
 *   incident-service marks it possibly change-induced, and a responder acknowledges, mitigates and resolves it.</li>
 * </ul>
 * Each step checks the service's answer, and waits (with a deadline) for what happens asynchronously.
 */
final class DemoStream {

    private static final Duration STEP_DEADLINE = Duration.ofSeconds(90);
    private static final String REQUESTER = "demo-requester";
    private static final List<String> CHANGE_MANAGERS = List.of("demo-cab-1", "demo-cab-2");
    private static final String RESPONDER = "demo-responder";
    private static final String SOURCE = "dashboards-it";

    private final RunningPlatform platform;
    private final TestInfra infra = TestInfra.get();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    DemoStream(RunningPlatform platform) {
        this.platform = platform;
    }

    void run() {
        formatExamplesAndVulnerability();
        String unattended = "dash-db-" + run;
        alert(unattended, "DemoReplicationLag", "replication lag above 5 min");
        String host = "dash-app-" + run;
        String asset = asset(host);
        UUID completed = normalChangeCompleted(asset, host);
        emergencyChangeRolledBack(asset, host);
        alert(host, "DemoErrorRate", "5xx rate above 5 % since the certificate rotation");
        respondToChangeInducedIncident(host, completed);
        awaitSlaBreach(unattended);
    }

    private void formatExamplesAndVulnerability() {
        JsonNode formats = json(send(request("ingest", "/api/v1/formats", token("viewer", SOURCE)).GET()), 200);
        String ingest = token("ingest", SOURCE);
        List<String> refused = new ArrayList<>();
        for (JsonNode format : formats.path("items")) {
            String id = format.path("id").asText();
            String example = format.path("example").asText();
            HttpResponse<String> response = send(request("ingest", "/api/v1/signals/" + id, ingest)
                    .header("Content-Type", looksLikeJson(example) ? "application/json" : "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(example)));
            if (response.statusCode() != 202) {
                refused.add(id + " " + response.statusCode() + " " + response.body());
            }
        }
        String finding = "vuln-" + run;
        for (int status : new int[] {1, 4}) {
            String ocsf = """
                    {"class_uid":2002,"class_name":"Vulnerability Finding","category_uid":2,"activity_id":1,"severity_id":4,\
                    "status_id":%d,"time":%d,"finding_info":{"uid":"%s","title":"CVE-2024-0727 in openssl %s"},\
                    "vulnerabilities":[{"cve":{"uid":"CVE-2024-0727"}}],"device":{"hostname":"web-%s"},\
                    "metadata":{"uid":"%s-%d","version":"1.3.0","product":{"name":"Scanner"}}}"""
                    .formatted(status, System.currentTimeMillis() - (status == 1 ? 3_600_000 : 0), finding, finding,
                            finding, finding, status);
            HttpResponse<String> response = send(request("ingest", "/api/v1/signals/ocsf", ingest)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ocsf)));
            if (response.statusCode() != 202) {
                refused.add("ocsf vulnerability " + response.statusCode() + " " + response.body());
            }
        }
        assertThat(refused).as("demo payloads ingest refused").isEmpty();
    }

    /** A critical Alertmanager alert on {@code host}, firing since two minutes ago (so detection takes that long). */
    private void alert(String host, String name, String summary) {
        Map<String, Object> alert = Map.of("status", "firing", "startsAt", Instant.now().minus(2, ChronoUnit.MINUTES).toString(),
                "labels", Map.of("alertname", name, "host", host, "severity", "critical"),
                "annotations", Map.of("summary", summary));
        json(send(post("ingest", "/api/v1/signals/alertmanager", token("ingest", SOURCE), List.of(alert))), 202);
    }

    private String asset(String host) {
        Map<String, Object> asset = Map.of("name", host, "type", "vm", "environment", "production",
                "ownerTeam", "dashboards", "criticality", 2, "managed", true,
                "identifiers", List.of(Map.of("type", "hostname", "value", host)));
        return json(send(post("inventory", "/api/v1/assets", token("admin", "demo-admin"), asset)), 201).path("id").asText();
    }

    private UUID normalChangeCompleted(String asset, String host) {
        JsonNode change = createChange(asset, Map.of("title", "Rotate the TLS certificate of " + host, "type", "normal",
                "rollbackPlan", "Restore the previous certificate from the vault",
                "securityImpact", Map.of("touchesAccess", true, "touchesNetworkExposure", false, "touchesData", false,
                        "touchesSecurityControls", false, "notes", "Client certificates issued by the new CA")));
        String id = change.path("id").asText();
        changeCommand(id, "submit", REQUESTER, "submitted");
        int approvals = change.path("requiredApprovals").asInt();
        assertThat(approvals).as("approvals a change with a security impact needs").isBetween(1, CHANGE_MANAGERS.size());
        for (String manager : CHANGE_MANAGERS.subList(0, approvals)) {
            changeCommand(id, "approve", manager, manager.equals(CHANGE_MANAGERS.get(approvals - 1)) ? "approved" : "submitted");
        }
        changeCommand(id, "start", REQUESTER, "in-progress");
        changeCommand(id, "complete", REQUESTER, "completed");
        return UUID.fromString(id);
    }

    private void emergencyChangeRolledBack(String asset, String host) {
        JsonNode change = createChange(asset, Map.of("title", "Emergency rate limit on " + host, "type", "emergency",
                "rollbackPlan", "Remove the rate limit",
                "securityImpact", Map.of("touchesAccess", false, "touchesNetworkExposure", false, "touchesData", false,
                        "touchesSecurityControls", false)));
        String id = change.path("id").asText();
        changeCommand(id, "submit", REQUESTER, "submitted");
        changeCommand(id, "start", REQUESTER, "in-progress");
        changeCommand(id, "rollback", REQUESTER, "rolled-back");
    }

    /** A draft change by {@link #REQUESTER} on {@code asset}, once change-service has learnt the asset from inventory. */
    private JsonNode createChange(String asset, Map<String, Object> fields) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> body = new HashMap<>(fields);
        body.put("assetIds", List.of(asset));
        body.put("plannedStart", now.toString());
        body.put("plannedEnd", now.plus(1, ChronoUnit.HOURS).toString());
        AtomicReference<HttpResponse<String>> created = new AtomicReference<>();
        Awaitility.await("change-service knows asset " + asset).atMost(STEP_DEADLINE).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    created.set(send(post("change", "/api/v1/changes", token("responder", REQUESTER), body)));
                    assertThat(created.get().statusCode()).as(created.get().body()).isEqualTo(201);
                });
        return json(created.get(), 201);
    }

    private void changeCommand(String id, String command, String subject, String expectedStatus) {
        String role = command.equals("approve") ? "change-manager" : "responder";
        JsonNode change = json(send(request("change", "/api/v1/changes/" + id + "/" + command, token(role, subject))
                .POST(HttpRequest.BodyPublishers.noBody())), 200);
        assertThat(change.path("status").asText()).as("change %s after %s", id, command).isEqualTo(expectedStatus);
    }

    /**
     * Waits for the incident of the alert on {@code host} to be linked to {@code change} and marked possibly
     * change-induced, then takes it through acknowledge, mitigate and resolve.
     */
    private void respondToChangeInducedIncident(String host, UUID change) {
        JsonNode incident;
        try {
            incident = awaitIncident("incident on " + host + " linked to change " + change, host,
                    i -> i.path("possiblyChangeInduced").asBoolean() && contains(i.path("changeIds"), change.toString()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the change: " + send(request("change", "/api/v1/changes/" + change,
                    token("viewer", SOURCE)).GET()).body(), e);
        }
        String id = incident.path("id").asText();
        for (String[] step : new String[][] {{"acknowledge", "acknowledged"}, {"mitigate", "mitigated"},
                {"resolve", "resolved"}}) {
            JsonNode after = json(send(post("incident", "/api/v1/incidents/" + id + "/" + step[0],
                    token("responder", RESPONDER), Map.of("note", "demo: " + step[0]))), 200);
            assertThat(after.path("status").asText()).as("incident %s after %s", id, step[0]).isEqualTo(step[1]);
        }
    }

    private void awaitSlaBreach(String host) {
        awaitIncident("incident on " + host + " breaching its acknowledge SLA", host,
                i -> contains(i.path("slaBreaches"), "acknowledge"));
    }

    /** The first incident on {@code host} that meets {@code condition}; a timeout names what the host's incidents were. */
    private JsonNode awaitIncident(String what, String host, Predicate<JsonNode> condition) {
        AtomicReference<List<JsonNode>> onHost = new AtomicReference<>(List.of());
        try {
            Awaitility.await(what).atMost(STEP_DEADLINE).pollInterval(Duration.ofSeconds(1)).until(() -> {
                JsonNode page = json(send(request("incident", "/api/v1/incidents?limit=1000", token("viewer", SOURCE)).GET()), 200);
                onHost.set(StreamSupport.stream(page.path("items").spliterator(), false)
                        .filter(i -> contains(i.path("assetKeys"), host)).toList());
                return onHost.get().stream().anyMatch(condition);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + " within " + STEP_DEADLINE + "; the incidents on " + host + ": " + onHost.get(), e);
        }
        return onHost.get().stream().filter(condition).findFirst().orElseThrow();
    }

    private static boolean looksLikeJson(String payload) {
        String text = payload.stripLeading();
        return text.startsWith("{") || text.startsWith("[");
    }

    private static boolean contains(JsonNode array, String value) {
        return StreamSupport.stream(array.spliterator(), false).anyMatch(v -> v.asText().equals(value));
    }

    private String token(String role, String subject) {
        return infra.token(role, subject);
    }

    private HttpRequest.Builder request(String service, String path, String token) {
        return HttpRequest.newBuilder(platform.uri(service).resolve(path)).header("Authorization", "Bearer " + token);
    }

    private HttpRequest.Builder post(String service, String path, String token, Object body) {
        try {
            return request(service, path, token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The body of {@code response} as JSON, after checking its status. */
    private static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("%s %s: %s", response.request().method(), response.uri(), response.body())
                .isEqualTo(status);
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
