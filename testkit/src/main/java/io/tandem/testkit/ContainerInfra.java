package io.tandem.testkit;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The same two servers as the embedded defaults, as containers, for developers who set
 * {@code TANDEM_TEST_INFRA=containers} on a machine with a Docker engine. Same versions as the embedded ones.
 */
final class ContainerInfra {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String POSTGRES_IMAGE = "postgres:17";

    /** A running Kafka container. */
    record Kafka(KafkaContainer container) implements AutoCloseable {
        String bootstrapServers() {
            return container.getBootstrapServers();
        }

        @Override
        public void close() {
            container.stop();
        }
    }

    /** A running PostgreSQL container. */
    record Postgres(PostgreSQLContainer container) implements AutoCloseable {
        String jdbcUrl() {
            return container.getJdbcUrl();
        }

        String user() {
            return container.getUsername();
        }

        String password() {
            return container.getPassword();
        }

        @Override
        public void close() {
            container.stop();
        }
    }

    static Kafka kafka() {
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
        container.start();
        return new Kafka(container);
    }

    static Postgres postgres() {
        PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
        container.start();
        return new Postgres(container);
    }

    private ContainerInfra() {
    }
}
