package io.tandem.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.model.json.Json;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every PromQL expression of the Grafana dashboards ({@code deploy/grafana/dashboards}) and the alert rules
 * ({@code deploy/prometheus/rules}) against a real Prometheus (Debian's {@code prometheus}) scraping the running
 * platform with {@code deploy/prometheus/prometheus.yml} (targets pointed at the test's ports), after a short
 * {@link DemoStream} through the services' APIs: each must parse and each must return data. A rule's final threshold
 * comparison is left out (a healthy platform fires no alert), so its left side must return data. And the KPI totals
 * the demo feeds ({@link #FED_BY_DEMO}) must have reached 1. The outcome is written to
 * {@code target/dashboard-queries.txt} and the log.
 */
class DashboardQueriesIT {

    /** What Grafana puts in for its variables; the windows fit a run of a minute with a 1 s scrape interval. */
    static final Map<String, String> GRAFANA_VARIABLES = Map.of("$__rate_interval", "30s", "$__range", "5m",
            "$__interval", "5s", "$team", ".*");
    private static final Pattern COMPARISON = Pattern.compile("\\s*(==|!=|>=|<=|>|<)\\s*[0-9.]+\\s*$");
    /** PromQL's set operators, which bind weaker than comparisons. */
    private static final Pattern SET_OPERATOR = Pattern.compile("(?<![\\w:])(and|or|unless)(?![\\w:])");
    private static final Duration DATA_DEADLINE = Duration.ofSeconds(120);
    /**
     * Totals the demo stream must have raised to at least 1. Returning data is not proof enough, as kpi-service
     * exposes many series at zero from its start (so that {@code increase()} counts their first event).
     */
    static final List<String> FED_BY_DEMO = List.of("sum(tandem_kpi_changes_total{type=\"emergency\"})",
            "sum(tandem_kpi_changes_total{security_review=\"true\"})",
            "sum(tandem_kpi_change_outcomes_total{outcome=\"succeeded\"})",
            "sum(tandem_kpi_change_outcomes_total{outcome=\"failed\"})", "sum(tandem_kpi_changes_caused_incident_total)",
            "sum(tandem_kpi_incidents_change_induced_total)", "sum(tandem_kpi_incident_detect_seconds_count)",
            "sum(tandem_kpi_incident_acknowledge_seconds_count)", "sum(tandem_kpi_incident_contain_seconds_count)",
            "sum(tandem_kpi_incident_resolve_seconds_count)", "sum(tandem_kpi_sla_breaches_total)",
            "sum(tandem_kpi_vulnerability_remediation_seconds_count)");

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
        // Scraped before the demo, so Prometheus sees the series at their start values and increase() sees the demo.
        Awaitility.await("all six services scraped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> query(api, "sum(up{job=\"tandem\"})").path(0).path("value").path(1).asText().equals("6"));
        new DemoStream(platform).run();
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
        List<String> unfed = new ArrayList<>(FED_BY_DEMO);
        try {
            Awaitility.await("every query returns data").atMost(DATA_DEADLINE).pollInterval(Duration.ofSeconds(2))
                    .until(() -> {
                        empty.entrySet().removeIf(q -> !query(api, q.getValue()).isEmpty());
                        unfed.removeIf(total -> query(api, total).path(0).path("value").path(1).asDouble() >= 1);
                        return empty.isEmpty() && unfed.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            // Reported below, with the names.
        }
        // Reported, not required: a series first scraped after its only increment has no increase() to show yet.
        List<String> onlyNaN = queries.entrySet().stream().filter(q -> !empty.containsKey(q.getKey()))
                .filter(q -> allNaN(query(api, q.getValue()))).map(Map.Entry::getKey).toList();
        StringBuilder report = new StringBuilder(String.format("%d queries parsed; %d returned data (%d of them only NaN)%n",
                queries.size(), queries.size() - empty.size(), onlyNaN.size()));
        onlyNaN.forEach(where -> report.append("  only NaN: ").append(where).append('\n'));
        report.append(String.format("%d of %d totals fed by the demo stream reached 1%n", FED_BY_DEMO.size() - unfed.size(),
                FED_BY_DEMO.size()));
        unfed.forEach(total -> report.append("  NOT FED: ").append(total).append('\n'));
        empty.forEach((where, expr) -> report.append("  NO DATA: ").append(where).append("  ").append(expr).append('\n'));
        Files.writeString(Path.of("target", "dashboard-queries.txt"), report);
        System.out.print(report);

        assertThat(empty.keySet()).as("queries without data after the demo stream:%n%s", report).isEmpty();
        assertThat(unfed).as("totals the demo stream did not raise:%n%s", report).isEmpty();
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
                        withoutThreshold(rule.path("query").asText()));
            }
        }
        assertThat(rules).as("rules loaded from deploy/prometheus/rules").hasSizeGreaterThanOrEqualTo(6);
        return rules;
    }

    /**
     * {@code expr} without its final comparison with a number (the alert's threshold), when that comparison applies to
     * everything before it. A comparison binds weaker than arithmetic, so in {@code a / b > 0.05} it compares
     * {@code a / b}; but {@code and}, {@code or} and {@code unless} bind weaker still, so in {@code a or b > 5} it
     * compares only {@code b}: then the whole expression is kept, and must return data as it is.
     */
    static String withoutThreshold(String expr) {
        String text = expr.strip();
        Matcher comparison = COMPARISON.matcher(text);
        if (!comparison.find()) {
            return text;
        }
        String left = text.substring(0, comparison.start());
        return setOperatorOutsideBrackets(left) ? text : left;
    }

    private static boolean setOperatorOutsideBrackets(String expr) {
        StringBuilder outside = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            boolean wasOutside = depth == 0 && quote == 0;
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
            // Whatever is inside brackets or string literals becomes blank, so only top-level words remain.
            outside.append(wasOutside && depth == 0 && quote == 0 ? c : ' ');
        }
        return SET_OPERATOR.matcher(outside).find();
    }

    private static String grafana(String expr) {
        String result = expr;
        for (Map.Entry<String, String> variable : GRAFANA_VARIABLES.entrySet()) {
            result = result.replace(variable.getKey(), variable.getValue());
        }
        return result;
    }

    private static boolean allNaN(JsonNode result) {
        if (result.isEmpty()) {
            return false;
        }
        for (JsonNode sample : result) {
            if (!sample.path("value").path(1).asText().equals("NaN")) {
                return false;
            }
        }
        return true;
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
