package io.tandem.testkit;

import io.tandem.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestInfraTest {

    private final TestInfra infra = TestInfra.get();

    @Test
    void shouldRoundTripARecordThroughTheRealBroker() {
        String id = UUID.randomUUID().toString();

        infra.kafka().send(Topics.SIGNALS_RAW, id, "{\"id\":\"" + id + "\"}", Map.of("tandem-source", "generic"));

        List<ConsumerRecord<String, byte[]>> records = infra.kafka()
                .awaitContaining(Topics.SIGNALS_RAW, id, 1, Duration.ofSeconds(20));
        assertThat(records).hasSize(1);
        assertThat(KafkaTestClient.header(records.get(0), "tandem-source")).isEqualTo("generic");
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).contains(id);
    }

    @Test
    void shouldFailWithWhatItSawWhenTheDeadlinePasses() {
        assertThatThrownBy(() -> infra.kafka().awaitContaining(Topics.ACTIONS_REQUESTS, UUID.randomUUID().toString(),
                1, Duration.ofMillis(500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected 1 matching records on actions.requests");
    }

    @Test
    void shouldReadEveryMatchingRecordUpToTheEndOfTheTopic() {
        String id = UUID.randomUUID().toString();
        infra.kafka().send(Topics.SIGNALS_RAW, id, "first", Map.of());
        infra.kafka().send(Topics.SIGNALS_RAW, id, "second", Map.of());

        List<ConsumerRecord<String, byte[]>> records = infra.kafka().all(Topics.SIGNALS_RAW, r -> id.equals(r.key()));

        assertThat(records).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("first", "second");
    }

    @Test
    void shouldCreateFurtherEmptyDatabasesOnTheSameServer() throws Exception {
        String url = infra.newDatabase();

        assertThat(url).startsWith("postgresql://").isNotEqualTo(infra.reactiveUrl());
        try (Connection connection = DriverManager.getConnection("jdbc:" + url, infra.dbUser(), infra.dbPassword());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void shouldGiveThisJvmItsOwnDatabase() throws Exception {
        try (Connection connection = DriverManager.getConnection(infra.jdbcUrl(), infra.dbUser(), infra.dbPassword());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_database(), current_setting('server_version_num')::int")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("tandem_test_");
            assertThat(rs.getInt(2)).isGreaterThanOrEqualTo(170000);
        }
    }

    @Test
    void shouldCreateTheContractTopicsWithCompaction() throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", infra.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).containsAll(Topics.ALL);
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.INVENTORY_ASSETS);
            String policy = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get("cleanup.policy").value();
            assertThat(policy).isEqualTo("compact");
        }
    }

    @Test
    void shouldReplaceTheDatabaseOfAJdbcUrl() {
        assertThat(TestInfra.replaceDatabase("jdbc:postgresql://db:5432/tandem?ssl=true", "x"))
                .isEqualTo("jdbc:postgresql://db:5432/x?ssl=true");
        assertThat(TestInfra.replaceDatabase("jdbc:postgresql://db:5432", "x")).isEqualTo("jdbc:postgresql://db:5432/x");
    }
}
