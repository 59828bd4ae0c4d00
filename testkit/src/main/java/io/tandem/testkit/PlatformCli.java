package io.tandem.testkit;

import io.tandem.model.Topics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * What {@code ./platform} runs on the JVM, with the same code the tests use:
 * <pre>
 *   infra DATA_DIR KAFKA_PORT PG_PORT   run Kafka + PostgreSQL with data under DATA_DIR until stopped
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
                infra(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
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

    private static void infra(Path data, int kafkaPort, int pgPort) throws Exception {
        Files.createDirectories(data);
        EmbeddedPg pg = EmbeddedPg.start(data.resolve("postgres"), pgPort);
        EmbeddedKafka kafka = EmbeddedKafka.start(data.resolve("kafka"), kafkaPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            try {
                pg.close();
            } catch (Exception e) {
                System.err.println("stopping PostgreSQL failed: " + e);
            }
            stopped.countDown();
        }, "tandem-infra-stop"));

        try (Connection connection = DriverManager.getConnection(pg.jdbcUrl("postgres"), EmbeddedPg.USER, EmbeddedPg.PASSWORD);
             Statement statement = connection.createStatement();
             ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'tandem'")) {
            if (!exists.next()) {
                statement.execute("CREATE DATABASE tandem");
            }
        }
        ContractTopics.create(kafka.bootstrapServers(), Topics.ALL);
        System.out.println("READY kafka=" + kafka.bootstrapServers() + " postgres=" + pg.jdbcUrl("tandem"));
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
