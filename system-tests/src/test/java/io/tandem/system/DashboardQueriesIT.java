package io.tandem.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.model.json.Json;
import io.tandem.testkit.TestInfra;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every PromQL expression of the Grafana dashboards ({@code deploy/grafana/dashboards}) and the alert rules
 * ({@code deploy/prometheus/rules}) against a real Prometheus (Debian's {@code prometheus}) scraping the running
 * platform with {@code deploy/prometheus/prometheus.yml} (targets pointed at the test's ports), after a short demo
 * stream through ingest: each must parse, and each must return data, except those that can only have data once
 * incident and change events flow ({@link #AWAITING_PRODUCERS}); those are reported in
 * {@code target/dashboard-queries.txt} and the log, and still must parse.
 */
class DashboardQueriesIT {

    /** Metric name prefixes fed only by incident and change events (their producers are not on this branch yet). */
    static final List<String> AWAITING_PRODUCERS = List.of("tandem_kpi_incident", "tandem_kpi_sla_breaches",
            "tandem_kpi_change");
    /** What Grafana puts in for its variables; the windows fit a run of a minute with a 1 s scrape interval. */
    static final Map<String, String> GRAFANA_VARIABLES = Map.of("$__rate_interval", "30s", "$__range", "5m",
            "$__interval", "5s", "$team", ".*");
    private static final Pattern COMPARISON = Pattern.compile("\\s*(==|!=|>=|<=|>|<)\\s*[0-9.]+\\s*$");
    private static final Duration DATA_DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path work;
    private Process prometheus;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stopPrometheus() {
        LocalProcesses.stop(prometheus);
    }

    @Test
    void shouldParseEveryDashboardAndRuleQueryAndReturnDataFromARunningPlatform() throws IOException {
        Path prometheusBinary = LocalProcesses.required("prometheus");
        Path promtool = LocalProcesses.required("promtool");
        Path root = Path.of(System.getProperty("tandem.root", "..")).toAbsolutePath().normalize();
        Path deploy = root.resolve("deploy/prometheus");
        check(promtool, "rules", deploy.resolve("rules/platform.yml"));
        check(promtool, "config", deploy.resolve("prometheus.yml"));

        RunningPlatform platform = RunningPlatform.get();
        Path config = scrapeConfig(deploy, platform);
        check(promtool, "config", config);
        int port = LocalProcesses.freePort();
        Path log = Path.of("target", "prometheus-dashboards-it.log").toAbsolutePath();
        prometheus = LocalProcesses.start(List.of(prometheusBinary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + port), log);
        URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/query");
        demoStream(platform.uri("ingest"));

        Awaitility.await("all six services scraped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> query(api, "sum(up{job=\"tandem\"})").path(0).path("value").path(1).asText().equals("6"));
        Map<String, String> queries = dashboards(root);
        queries.putAll(rules(api));

        Map<String, String> unparsed = new LinkedHashMap<>();
        queries.forEach((where, expr) -> {
            try {
                query(api, expr);
            } catch (IllegalArgumentException e) {
                unparsed.put(where, e.getMessage());
            }
        });
        assertThat(unparsed).as("queries Prometheus cannot parse").isEmpty();

        Map<String, String> empty = new LinkedHashMap<>(queries);
        try {
            Awaitility.await("every query returns data").atMost(DATA_DEADLINE).pollInterval(Duration.ofSeconds(2))
                    .until(() -> {
                        empty.entrySet().removeIf(q -> !query(api, q.getValue()).isEmpty());
                        return empty.keySet().stream().allMatch(where -> awaitingProducers(queries.get(where)));
                    });
        } catch (ConditionTimeoutException e) {
            // Reported below, with the names.
        }
        List<String> awaiting = empty.keySet().stream().filter(where -> awaitingProducers(queries.get(where))).toList();
        List<String> missing = empty.keySet().stream().filter(where -> !awaitingProducers(queries.get(where))).toList();
        StringBuilder report = new StringBuilder(String.format("%d queries parsed; %d returned data; %d wait for "
                + "incident and change events:%n", queries.size(), queries.size() - empty.size(), awaiting.size()));
        awaiting.forEach(where -> report.append("  no data yet: ").append(where).append("  ").append(queries.get(where)).append('\n'));
        missing.forEach(where -> report.append("  NO DATA: ").append(where).append("  ").append(queries.get(where)).append('\n'));
        Files.writeString(Path.of("target", "dashboard-queries.txt"), report);
        System.out.print(report);

        assertThat(missing).as("queries without data that should have it after the demo stream:%n%s", report).isEmpty();
    }

    /** A realistic mix through ingest: every format's example, and a vulnerability that fires and is resolved. */
    private void demoStream(URI ingest) throws IOException {
        TestInfra infra = TestInfra.get();
        JsonNode formats = Json.mapper().readTree(send(HttpRequest.newBuilder(ingest.resolve("/api/v1/formats"))
                .header("Authorization", "Bearer " + infra.token("viewer", "dashboards-it")).GET()).body());
        String token = infra.token("ingest", "dashboards-it");
        List<String> refused = new ArrayList<>();
        for (JsonNode format : formats.path("items")) {
            String id = format.path("id").asText();
            HttpResponse<String> response = post(ingest.resolve("/api/v1/signals/" + id), token, format.path("example").asText());
            if (response.statusCode() != 202) {
                refused.add(id + " " + response.statusCode() + " " + response.body());
            }
        }
        String finding = "vuln-" + UUID.randomUUID();
        for (int status : new int[] {1, 4}) {
            String ocsf = """
                    {"class_uid":2002,"class_name":"Vulnerability Finding","category_uid":2,"activity_id":1,"severity_id":4,\
                    "status_id":%d,"time":%d,"finding_info":{"uid":"%s","title":"CVE-2024-0727 in openssl %s"},\
                    "vulnerabilities":[{"cve":{"uid":"CVE-2024-0727"}}],"device":{"hostname":"web-%s"},\
                    "metadata":{"uid":"%s-%d","version":"1.3.0","product":{"name":"Scanner"}}}"""
                    .formatted(status, System.currentTimeMillis() - (status == 1 ? 3_600_000 : 0), finding, finding,
                            finding, finding, status);
            HttpResponse<String> response = post(ingest.resolve("/api/v1/signals/ocsf"), token, ocsf);
            if (response.statusCode() != 202) {
                refused.add("ocsf vulnerability " + response.statusCode() + " " + response.body());
            }
        }
        assertThat(refused).as("demo payloads ingest refused").isEmpty();
    }

    /** The dashboards' target expressions and the metric selectors of their variable queries. */
    private static Map<String, String> dashboards(Path root) throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(root.resolve("deploy/grafana/dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = Json.mapper().readTree(file.toFile());
                for (JsonNode variable : dashboard.path("templating").path("list")) {
                    Matcher labelValues = Pattern.compile("label_values\\((.+),\\s*\\w+\\)")
                            .matcher(variable.path("definition").asText());
                    if (labelValues.matches()) {
                        queries.put(file.getFileName() + " variable " + variable.path("name").asText(), labelValues.group(1));
                    }
                }
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        queries.put(file.getFileName() + " \"" + panel.path("title").asText() + "\" " + target.path("refId").asText(),
                                grafana(target.path("expr").asText()));
                    }
                }
            }
        }
        assertThat(queries).as("dashboard queries found").hasSizeGreaterThan(40);
        return queries;
    }

    /** The alert and recording rules as Prometheus loaded them, each expression without its final threshold. */
    private Map<String, String> rules(URI prometheus) throws IOException {
        JsonNode body = Json.mapper().readTree(send(HttpRequest.newBuilder(prometheus.resolve("/api/v1/rules")).GET()).body());
        Map<String, String> rules = new LinkedHashMap<>();
        for (JsonNode group : body.path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules.put("rule " + group.path("name").asText() + "/" + rule.path("name").asText(),
                        COMPARISON.matcher(rule.path("query").asText().strip()).replaceAll(""));
            }
        }
        assertThat(rules).as("rules loaded from deploy/prometheus/rules").hasSizeGreaterThanOrEqualTo(6);
        return rules;
    }

    private static String grafana(String expr) {
        String result = expr;
        for (Map.Entry<String, String> variable : GRAFANA_VARIABLES.entrySet()) {
            result = result.replace(variable.getKey(), variable.getValue());
        }
        return result;
    }

    private static boolean awaitingProducers(String expr) {
        return AWAITING_PRODUCERS.stream().anyMatch(expr::contains);
    }

    /** The result of an instant query; a query Prometheus rejects is an {@link IllegalArgumentException} with its error. */
    private JsonNode query(URI api, String expr) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(api + "?query="
                + URLEncoder.encode(expr, StandardCharsets.UTF_8))).GET());
        JsonNode body;
        try {
            body = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON from Prometheus: " + response.body(), e);
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalArgumentException(body.path("errorType").asText() + ": " + body.path("error").asText());
        }
        return body.path("data").path("result");
    }

    private HttpResponse<String> post(URI uri, String token, String payload) {
        String text = payload.stripLeading();
        return send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", text.startsWith("{") || text.startsWith("[") ? "application/json" : "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(payload)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The deploy configuration with every {@code service:port} target pointed at the running service, the rule files
     * at their absolute path and a 1 s scrape and evaluation interval so a one-minute run has samples to rate.
     */
    private Path scrapeConfig(Path deploy, RunningPlatform platform) throws IOException {
        String config = Files.readString(deploy.resolve("prometheus.yml"))
                .replace("scrape_interval: 15s", "scrape_interval: 1s")
                .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
                .replace("- rules/", "- " + deploy.resolve("rules") + "/");
        for (String service : RunningPlatform.SERVICES) {
            URI uri = platform.uri(service);
            config = config.replaceAll("\"" + service + ":\\d+\"", "\"" + uri.getHost() + ":" + uri.getPort() + "\"");
        }
        Path file = work.resolve("prometheus.yml");
        Files.writeString(file, config);
        return file;
    }

    private static void check(Path promtool, String what, Path file) {
        LocalProcesses.Result check = LocalProcesses.run(List.of(promtool.toString(), "check", what, file.toString()),
                Duration.ofSeconds(30));
        assertThat(check.exitCode()).as("promtool check %s %s:%n%s", what, file, check.output()).isZero();
    }
}
