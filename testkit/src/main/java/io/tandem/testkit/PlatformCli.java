package io.tandem.testkit;

import io.tandem.model.Topics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * What {@code ./platform} runs on the JVM, with the same code the tests use:
 * <pre>
 *   infra DATA_DIR KAFKA_PORT PG_PORT   run Kafka + PostgreSQL with data under DATA_DIR until stopped;
 *                                       a port of "-" leaves that server out (an external one is used)
 *   token KEYS_DIR ROLE SUBJECT         print a JWT (generating the key pair in KEYS_DIR on first use)
 *   keys KEYS_DIR                       generate the key pair if missing; print the public key file
 * </pre>
 */
public final class PlatformCli {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        switch (args[0]) {
            case "infra" -> {
                require(args, 4);
                infra(Path.of(args[1]), args[2], args[3]);
            }
            case "token" -> {
                require(args, 4);
                System.out.println(JwtKeys.inDirectory(Path.of(args[1])).mint(args[2], args[3], Duration.ofHours(12)));
            }
            case "keys" -> {
                require(args, 2);
                System.out.println(JwtKeys.inDirectory(Path.of(args[1])).publicKeyFile());
            }
            default -> usage();
        }
    }

    private static void infra(Path data, String kafkaPort, String pgPort) throws Exception {
        Files.createDirectories(data);
        List<AutoCloseable> servers = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (int i = servers.size() - 1; i >= 0; i--) {
                AutoCloseable server = servers.get(i);
                try {
                    server.close();
                } catch (Exception e) {
                    System.err.println("stopping " + server.getClass().getSimpleName() + " failed: " + e);
                }
            }
            stopped.countDown();
        }, "tandem-infra-stop"));

        StringBuilder ready = new StringBuilder("READY");
        if (!"-".equals(pgPort)) {
            EmbeddedPg pg = EmbeddedPg.start(data.resolve("postgres"), Integer.parseInt(pgPort), true);
            servers.add(pg);
            try (Connection connection = DriverManager.getConnection(pg.jdbcUrl("postgres"), EmbeddedPg.USER, EmbeddedPg.PASSWORD);
                 Statement statement = connection.createStatement();
                 ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'tandem'")) {
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE tandem");
                }
            }
            ready.append(" postgres=").append(pg.jdbcUrl("tandem"));
        }
        if (!"-".equals(kafkaPort)) {
            EmbeddedKafka kafka = EmbeddedKafka.start(data.resolve("kafka"), Integer.parseInt(kafkaPort));
            servers.add(kafka);
            ContractTopics.create(kafka.bootstrapServers(), Topics.ALL);
            ready.append(" kafka=").append(kafka.bootstrapServers());
        }
        System.out.println(ready);
        stopped.await();
    }

    private static void require(String[] args, int count) {
        if (args.length < count) {
            usage();
        }
    }

    private static void usage() {
        System.err.println("usage: PlatformCli infra DATA_DIR KAFKA_PORT PG_PORT | token KEYS_DIR ROLE SUBJECT | keys KEYS_DIR");
        System.exit(2);
    }

    private PlatformCli() {
    }
}
