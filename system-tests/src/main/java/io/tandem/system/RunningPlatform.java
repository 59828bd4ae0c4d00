package io.tandem.system;

import io.tandem.testkit.TestInfra;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The six packaged services (their {@code quarkus-run.jar}s) running as child processes against this JVM's
 * {@link TestInfra}, started once per test JVM on free ports and stopped at exit, the way {@code ./platform up}
 * runs them.
 */
public final class RunningPlatform implements AutoCloseable {

    public static final List<String> SERVICES = List.of("ingest", "triage", "incident", "change", "inventory", "kpi");
    /** Small heaps and C1 only: six JVMs share two cores in tests, and start-up time matters more than peak speed. */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** What {@code ./platform up} runs a service with; measurements use it so the JIT reaches full speed. */
    public static final List<String> PLATFORM_JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC");
    /**
     * Settings the shared test platform ({@link #get()}) gives single services, on top of their own: incident-service
     * has SLAs of seconds for every priority and checks them every second, so that incidents a test leaves alone
     * breach their SLA within the test.
     */
    public static final Map<String, Map<String, String>> TEST_CONFIG = Map.of("incident", incidentSla(
            Duration.ofSeconds(5), Duration.ofSeconds(30)));
    private static final Duration READY_DEADLINE = Duration.ofSeconds(180);
    private static final Logger LOG = Logger.getLogger(RunningPlatform.class.getName());
    private static volatile RunningPlatform instance;

    private final Map<String, Service> services;

    private RunningPlatform(Map<String, Service> services) {
        this.services = services;
    }

    /** One running service: its process, base URI and log file. */
    public record Service(String name, Process process, URI uri, Path log) {
    }

    /** All six services, shared by every test of this JVM. */
    public static synchronized RunningPlatform get() {
        if (instance == null) {
            RunningPlatform started = start(SERVICES, TEST_JVM_OPTIONS, TEST_CONFIG, null);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "tandem-platform-stop"));
            instance = started;
        }
        return instance;
    }

    /** Only {@code names}, with {@code jvmOptions}; the caller owns them and closes them. */
    public static RunningPlatform start(List<String> names, List<String> jvmOptions) {
        return start(names, jvmOptions, Map.of(), null);
    }

    /**
     * Only {@code names}, with {@code jvmOptions} and configuration properties per service name (passed as system
     * properties, so they win over the environment: e.g. a database or consumer group of their own, so they do not
     * share the work of {@link #get()}'s services); their logs are {@code <label>-<service>.log} when {@code label} is
     * given. The caller owns them and closes them.
     */
    public static RunningPlatform start(List<String> names, List<String> jvmOptions, Map<String, Map<String, String>> config,
                                        String label) {
        return new RunningPlatform(launch(names, jvmOptions, config, label));
    }

    @Override
    public void close() {
        stop(services.values());
    }

    /** {@code kill -9}: every process ends at once, without a shutdown hook or a last commit. */
    public void kill() {
        for (Service service : services.values()) {
            service.process().destroyForcibly();
        }
        for (Service service : services.values()) {
            try {
                if (!service.process().waitFor(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(service.name() + " still runs 20 s after SIGKILL");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public URI uri(String service) {
        return services.get(service).uri();
    }

    public Map<String, Service> services() {
        return services;
    }

    private static Map<String, Service> launch(List<String> names, List<String> jvmOptions,
                                               Map<String, Map<String, String>> config, String label) {
        TestInfra infra = TestInfra.get();
        Path root = Path.of(System.getProperty("tandem.root", "..")).toAbsolutePath().normalize();
        Path logs = root.resolve("system-tests/target/platform-logs");
        long started = System.nanoTime();
        Map<String, Service> services = new LinkedHashMap<>();
        try {
            Files.createDirectories(logs);
            for (String name : names) {
                Path jar = root.resolve(name + "-service/target/quarkus-app/quarkus-run.jar");
                if (!Files.exists(jar)) {
                    throw new IllegalStateException(jar + " is missing: build the services first (mvn install)");
                }
                int port = LocalProcesses.freePort();
                Path log = logs.resolve((label == null ? "" : label + "-") + name + ".log");
                List<String> command = new ArrayList<>();
                command.add("java");
                command.addAll(jvmOptions);
                config.getOrDefault(name, Map.of()).forEach((key, value) -> command.add("-D" + key + "=" + value));
                command.addAll(List.of("-jar", jar.toString()));
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                Map<String, String> env = builder.environment();
                env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
                env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
                env.put("TANDEM_DB_URL", infra.reactiveUrl());
                env.put("TANDEM_DB_USER", infra.dbUser());
                env.put("TANDEM_DB_PASSWORD", infra.dbPassword());
                env.put("TANDEM_JWT_PUBLIC_KEY", infra.keys().publicKeyFile().toUri().toString());
                // Kafka Streams state of an earlier run belongs to another broker: every run starts empty.
                env.put("TANDEM_STATE_DIR", Files.createTempDirectory("tandem-" + name + "-state-").toString());
                env.put("QUARKUS_LOG_CONSOLE_FORMAT", "%d{HH:mm:ss.SSS} %-5p [%c{2.}] %s%e%n");
                env.put("TANDEM_LOG_JSON", "false");
                services.put(name, new Service(name, builder.start(), URI.create("http://127.0.0.1:" + port), log));
            }
            awaitReady(services);
        } catch (IOException e) {
            stop(services.values());
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stop(services.values());
            throw e;
        }
        LOG.info(() -> names + " ready in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        return services;
    }

    /** incident-service's SLA settings: the same deadlines for P1 to P5, checked every second. */
    private static Map<String, String> incidentSla(Duration acknowledge, Duration resolve) {
        Map<String, String> sla = new LinkedHashMap<>();
        for (int priority = 1; priority <= 5; priority++) {
            sla.put("incident.sla.P" + priority + ".acknowledge", acknowledge.toString());
            sla.put("incident.sla.P" + priority + ".resolve", resolve.toString());
        }
        sla.put("incident.poll-every", "1s");
        return Map.copyOf(sla);
    }

    private static void awaitReady(Map<String, Service> services) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<Service> pending = new ArrayList<>(services.values());
        try {
            Awaitility.await("services ready").atMost(READY_DEADLINE).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        for (Service service : List.copyOf(pending)) {
                            if (!service.process().isAlive()) {
                                throw new IllegalStateException(service.name() + " exited during start-up:\n"
                                        + LocalProcesses.tail(service.log()));
                            }
                            if (ready(http, service)) {
                                pending.remove(service);
                            }
                        }
                        return pending.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("not ready within " + READY_DEADLINE + ": " + pending.stream()
                    .map(s -> s.name() + "\n" + LocalProcesses.tail(s.log())).toList(), e);
        }
    }

    private static boolean ready(HttpClient http, Service service) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(service.uri().resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void stop(Iterable<Service> services) {
        for (Service service : services) {
            service.process().destroy();
        }
        for (Service service : services) {
            try {
                if (!service.process().waitFor(20, TimeUnit.SECONDS)) {
                    service.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
