package io.tandem.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands this JVM's real Kafka and PostgreSQL ({@link TestInfra}) and the test signing key to a {@code @QuarkusTest}.
 * Every test class of a service uses the same resource, so Quarkus starts the application once per module.
 */
public class TandemTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestInfra infra = TestInfra.get();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", infra.bootstrapServers());
        config.put("quarkus.datasource.jdbc.url", infra.jdbcUrl());
        config.put("quarkus.datasource.reactive.url", infra.reactiveUrl());
        config.put("quarkus.datasource.username", infra.dbUser());
        config.put("quarkus.datasource.password", infra.dbPassword());
        config.put("mp.jwt.verify.publickey.location", infra.keys().publicKeyFile().toUri().toString());
        try {
            // Kafka Streams keeps local state; a fresh directory per run keeps earlier runs out of the test.
            config.put("kafka-streams.state.dir", Files.createTempDirectory("tandem-streams-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    @Override
    public void stop() {
        // The servers live as long as the JVM: other test classes of the module reuse them.
    }
}
