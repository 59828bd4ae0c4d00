package io.tandem.testkit;

import io.tandem.model.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The Kafka broker and PostgreSQL server of this test JVM, started once on first use and stopped at exit.
 * <ul>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} / {@code TANDEM_DB_URL} (+ {@code TANDEM_DB_USER}, {@code TANDEM_DB_PASSWORD}):
 *   use those servers;</li>
 *   <li>{@code TANDEM_TEST_INFRA=containers}: start the same two servers with Testcontainers (needs Docker);</li>
 *   <li>otherwise (the default, and what CI runs): an in-process KRaft broker and an embedded PostgreSQL.</li>
 * </ul>
 * Either way each JVM gets a database of its own, so modules never see each other's tables.
 */
public final class TestInfra {

    private static final Logger LOG = Logger.getLogger(TestInfra.class.getName());
    private static volatile TestInfra instance;

    private final String bootstrapServers;
    private final String serverJdbcUrl;
    private final String database;
    private final String dbUser;
    private final String dbPassword;
    private final JwtKeys keys;

    private TestInfra(String bootstrapServers, String serverJdbcUrl, String dbUser, String dbPassword, JwtKeys keys) {
        this.bootstrapServers = bootstrapServers;
        this.serverJdbcUrl = serverJdbcUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        this.keys = keys;
        this.database = "tandem_test_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The infrastructure of this JVM, started on the first call. */
    public static TestInfra get() {
        TestInfra current = instance;
        if (current == null) {
            synchronized (TestInfra.class) {
                current = instance;
                if (current == null) {
                    current = start();
                    instance = current;
                }
            }
        }
        return current;
    }

    private static TestInfra start() {
        long started = System.nanoTime();
        try {
            Path work = Files.createTempDirectory("tandem-test-");
            boolean containers = "containers".equalsIgnoreCase(System.getenv("TANDEM_TEST_INFRA"));
            List<AutoCloseable> owned = new ArrayList<>();

            String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            if (bootstrap == null || bootstrap.isBlank()) {
                if (containers) {
                    ContainerInfra.Kafka kafka = ContainerInfra.kafka();
                    owned.add(kafka);
                    bootstrap = kafka.bootstrapServers();
                } else {
                    EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
                    owned.add(kafka);
                    bootstrap = kafka.bootstrapServers();
                }
            }

            String jdbc = System.getenv("TANDEM_DB_URL");
            String user = envOr("TANDEM_DB_USER", EmbeddedPg.USER);
            String password = envOr("TANDEM_DB_PASSWORD", EmbeddedPg.PASSWORD);
            if (jdbc == null || jdbc.isBlank()) {
                if (containers) {
                    ContainerInfra.Postgres pg = ContainerInfra.postgres();
                    owned.add(pg);
                    jdbc = pg.jdbcUrl();
                    user = pg.user();
                    password = pg.password();
                } else {
                    EmbeddedPg pg = EmbeddedPg.start(work.resolve("pg"), 0, false);
                    owned.add(pg);
                    jdbc = pg.jdbcUrl("postgres");
                }
            }

            TestInfra infra = new TestInfra(bootstrap, jdbc, user, password, JwtKeys.inDirectory(work.resolve("keys")));
            infra.createDatabase(infra.database);
            infra.createTopics(Topics.ALL);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                closeAll(owned);
                delete(work);
            }, "tandem-test-infra-stop"));
            LOG.info(() -> String.format("test infrastructure ready in %d ms: kafka=%s db=%s",
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), infra.bootstrapServers, infra.jdbcUrl()));
            return infra;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test infrastructure", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** JDBC URL of this JVM's own database. */
    public String jdbcUrl() {
        return replaceDatabase(serverJdbcUrl, database);
    }

    /** The same database for the Vert.x reactive PostgreSQL client. */
    public String reactiveUrl() {
        return jdbcUrl().replaceFirst("^jdbc:", "");
    }

    /**
     * Creates one more empty database on the same server and returns its URL for the reactive client: for a process
     * that must not share this JVM's tables, such as a second deployment of a service next to the shared platform.
     */
    public String newDatabase() {
        String name = "tandem_test_" + UUID.randomUUID().toString().substring(0, 8);
        createDatabase(name);
        return replaceDatabase(serverJdbcUrl, name).replaceFirst("^jdbc:", "");
    }

    public String dbUser() {
        return dbUser;
    }

    public String dbPassword() {
        return dbPassword;
    }

    public JwtKeys keys() {
        return keys;
    }

    /** A token for {@code subject} with one role, valid for an hour. */
    public String token(String role, String subject) {
        return keys.mint(role, subject, Duration.ofHours(1));
    }

    public KafkaTestClient kafka() {
        return new KafkaTestClient(bootstrapServers);
    }

    /** Creates topics that do not exist yet (see {@link ContractTopics}). */
    public void createTopics(Collection<String> names) {
        ContractTopics.create(bootstrapServers, names);
    }

    private void createDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(serverJdbcUrl, dbUser, dbPassword);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + serverJdbcUrl, e);
        }
    }

    static String replaceDatabase(String jdbcUrl, String database) {
        return jdbcUrl.replaceFirst("^(jdbc:postgresql://[^/?]+)(/[^?]*)?", "$1/" + database);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The broker's log and the database's files: gigabytes after a benchmark, and of no use once the JVM ends. */
    private static void delete(Path work) {
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warning("cannot delete " + work + ": " + e);
        }
    }

    private static void closeAll(List<AutoCloseable> owned) {
        for (AutoCloseable closeable : owned) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warning("stopping " + closeable.getClass().getSimpleName() + " failed: " + e);
            }
        }
    }
}
