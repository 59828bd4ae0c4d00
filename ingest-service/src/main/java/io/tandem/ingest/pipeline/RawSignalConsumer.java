package io.tandem.ingest.pipeline;

import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tandem.ingest.format.ParseException;
import io.tandem.model.Headers;
import io.tandem.model.Topics;
import io.tandem.model.signal.Signal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Normalizes native payloads from {@code signals.raw} (format in the {@code tandem-source} header), one poll's batch
 * at a time so the producer can pipeline the sends. A record that cannot be parsed goes to {@code signals.dlq} with its
 * original bytes and the reason, and the consumer moves on. A batch's offsets are committed only after every signal
 * and dead letter of it is acknowledged by the broker; sends of one asset keep their order. Signals continue the trace
 * of the raw record they came from ({@code traceparent}), without a span per record.
 *
 * <p>Plain Kafka consumers on threads of their own ({@code tandem.ingest.consumers}, one per {@code signals.raw}
 * partition by default), not a SmallRye channel: with {@code concurrency=3} SmallRye ran the three consumers on two
 * event-loop threads, so one thread parsed two partitions while the other idled once its own was done, and it waited
 * for each batch's acknowledgements before taking the next. Here each consumer parses its next batch while the broker
 * acknowledges the last one, so at most two batches per consumer are in flight. If the broker cannot take a batch
 * for now, the consumer rewinds to its first records and tries again a second later; if it refuses part of one for
 * good, the raw records it refuses go to {@code signals.dlq} and the rest are sent again. Signal ids are
 * deterministic, so what the broker takes twice is recognisably the same. Configured by
 * {@code kafka.bootstrap.servers} and {@code tandem.ingest.consumer.*} (any Kafka consumer property); manual commits
 * are fixed.
 */
@Liveness
@ApplicationScoped
public class RawSignalConsumer implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(RawSignalConsumer.class);
    private static final String CONSUMER_CONFIG_PREFIX = "tandem.ingest.consumer.";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    private static final String PARSE_ERROR = "parse-error";
    private static final String PROCESSING_ERROR = "processing-error";
    private static final String PUBLISH_ERROR = "publish-error";

    private final Normalizer normalizer;
    private final SignalPublisher publisher;
    private final IngestMetrics metrics;
    private final Config config;
    private volatile List<Worker> workers = List.of();

    public RawSignalConsumer(Normalizer normalizer, SignalPublisher publisher, IngestMetrics metrics, Config config) {
        this.normalizer = normalizer;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        int count = config.getOptionalValue("tandem.ingest.consumers", Integer.class).orElse(3);
        List<Worker> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Worker worker = new Worker(new KafkaConsumer<>(consumerProperties(), new StringDeserializer(),
                    new ByteArrayDeserializer()));
            started.add(worker);
            Thread thread = new Thread(worker::run, "ingest-raw-consumer-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        workers = List.copyOf(started);
    }

    /** Before beans are destroyed, so the publisher is still open while the last batches are acknowledged. */
    void stop(@Observes ShutdownEvent event) {
        workers.forEach(Worker::stop);
        workers.forEach(Worker::awaitStopped);
    }

    /** Down once a consumer has stopped on an error it cannot get past (it logged why); a restart starts it again. */
    @Override
    public HealthCheckResponse call() {
        List<String> failed = workers.stream().filter(Worker::failed).map(w -> w.failure).toList();
        return HealthCheckResponse.named("signals.raw consumers").status(failed.isEmpty())
                .withData("consumers", workers.size()).withData("failed", String.join("; ", failed)).build();
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "tandem-ingest");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(CONSUMER_CONFIG_PREFIX)) {
                props.put(name.substring(CONSUMER_CONFIG_PREFIX.length()), config.getValue(name, String.class));
            }
        }
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    /** The records that raw records become (signals and dead letters), and their counts per format. */
    private record Outgoing(List<ProducerRecord<String, byte[]>> records, Map<String, Integer> accepted,
                            Map<String, Integer> deadLettered, Map<String, Integer> failed) {
    }

    /** One poll's records once sent: what to commit when {@code sent} completes, and where to rewind if it fails. */
    private record Batch(ConsumerRecords<String, byte[]> records, Outgoing outgoing, CompletableFuture<Void> sent,
                         Map<TopicPartition, OffsetAndMetadata> next, Map<TopicPartition, Long> first) {
    }

    /** One consumer and the thread that runs it; every method but {@link #stop} runs on that thread. */
    private final class Worker implements ConsumerRebalanceListener {

        private final KafkaConsumer<String, byte[]> consumer;
        private final CompletableFuture<Void> stopped = new CompletableFuture<>();
        private volatile boolean running = true;
        private volatile String failure;
        private Batch pending;

        Worker(KafkaConsumer<String, byte[]> consumer) {
            this.consumer = consumer;
        }

        void run() {
            try {
                consumer.subscribe(List.of(Topics.SIGNALS_RAW), this);
                while (running) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                    Batch batch = records.isEmpty() ? null : send(records);
                    // The last batch settles only now: its acknowledgements arrived while this one was parsed.
                    if (pending != null && !settle(pending, false)) {
                        rewind(pending, batch);
                        backOff();
                        batch = null;
                    }
                    pending = batch;
                }
            } catch (WakeupException e) {
                // stop() woke the poll.
            } catch (RuntimeException e) {
                failure = e.toString();
                LOG.errorf(e, "a signals.raw consumer stopped; what it read since its last commit is read again "
                        + "after a restart");
            } finally {
                try {
                    if (pending != null) {
                        settle(pending, true);
                    }
                } catch (RuntimeException e) {
                    LOG.debugf("last batch not committed at stop: %s", e);
                } finally {
                    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                    stopped.complete(null);
                }
            }
        }

        void stop() {
            running = false;
            consumer.wakeup();
        }

        void awaitStopped() {
            stopped.orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }

        boolean failed() {
            return failure != null;
        }

        /** Partitions move to another instance: what this one sent is committed first, so it is not read twice. */
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (pending != null) {
                // If the broker did not take it, nothing is committed and the next owner reads it again.
                settle(pending, true);
                pending = null;
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }

        /** Lost, not revoked: another instance may own them already, so nothing is committed for them. */
        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            pending = null;
        }

        private Batch send(ConsumerRecords<String, byte[]> records) {
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            Map<TopicPartition, Long> first = new HashMap<>();
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<String, byte[]>> polled = records.records(partition);
                first.put(partition, polled.get(0).offset());
                next.put(partition, new OffsetAndMetadata(polled.get(polled.size() - 1).offset() + 1));
            }
            Outgoing outgoing = normalize(records, records.count());
            return new Batch(records, outgoing, publisher.send(outgoing.records()), next, first);
        }

        /**
         * Waits for {@code batch}'s acknowledgements and commits its offsets; false if the broker could not take it
         * for now (to be read again). What it refuses for good (a signal over its size limit, say) would be refused
         * again on every retry, so the batch is sent again {@link #oneByOne record by record} instead.
         */
        private boolean settle(Batch batch, boolean commitNow) {
            try {
                batch.sent().join();
                count(batch.outgoing());
            } catch (CompletionException e) {
                if (!refusedForGood(e, batch.first().keySet()) || !oneByOne(batch.records())) {
                    return false;
                }
            }
            if (commitNow) {
                consumer.commitSync(batch.next());
            } else {
                consumer.commitAsync(batch.next(), (offsets, error) -> {
                    if (error != null) {
                        // A later commit covers these offsets; at worst a restart reads them again.
                        LOG.debugf("commit of %s failed: %s", offsets.keySet(), error);
                    }
                });
            }
            return true;
        }

        /**
         * Sends a batch the broker refused part of again, record by record, so that only the raw records whose
         * signals it refuses go to {@code signals.dlq}; false if it cannot take them for now.
         */
        private boolean oneByOne(ConsumerRecords<String, byte[]> records) {
            for (ConsumerRecord<String, byte[]> record : records) {
                Outgoing outgoing = normalize(List.of(record), 1);
                try {
                    publisher.send(outgoing.records()).join();
                    count(outgoing);
                } catch (CompletionException e) {
                    String where = record.topic() + "/" + record.partition() + "/" + record.offset();
                    if (!refusedForGood(e, List.of(where))) {
                        return false;
                    }
                    try {
                        publisher.send(List.of(deadLetter(record, header(record, Headers.SOURCE), PUBLISH_ERROR,
                                e.getCause().toString()))).join();
                    } catch (CompletionException dlq) {
                        LOG.warnf(dlq.getCause(), "dead letter not written either; reading it again in %d ms",
                                RETRY_BACKOFF.toMillis());
                        return false;
                    }
                    metrics.deadLettered(PUBLISH_ERROR, 1);
                }
            }
            return true;
        }

        /** Whether the broker refused for good what it did not take, logged; if not, it is read again later. */
        private boolean refusedForGood(CompletionException e, Collection<?> what) {
            if (e.getCause() instanceof RetriableException) {
                LOG.warnf(e.getCause(), "signals of %s not written; reading them again in %d ms", what,
                        RETRY_BACKOFF.toMillis());
                return false;
            }
            LOG.warnf("the broker refused signals of %s: %s", what, e.getCause());
            return true;
        }

        /** Back to the first record of {@code failed}, and of {@code next} (sent after it) where it starts earlier. */
        private void rewind(Batch failed, Batch next) {
            Map<TopicPartition, Long> first = new HashMap<>(failed.first());
            if (next != null) {
                next.first().forEach((partition, offset) -> first.merge(partition, offset, Math::min));
            }
            Collection<TopicPartition> owned = consumer.assignment();
            first.forEach((partition, offset) -> {
                if (owned.contains(partition)) {
                    consumer.seek(partition, offset);
                }
            });
        }

        /** Keeps polling (so the consumer stays in its group) without taking records, for the backoff. */
        private void backOff() {
            Collection<TopicPartition> partitions = consumer.assignment();
            consumer.pause(partitions);
            long until = System.nanoTime() + RETRY_BACKOFF.toNanos();
            while (running && System.nanoTime() < until) {
                consumer.poll(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
            }
            consumer.resume(partitions);
        }
    }

    private Outgoing normalize(Iterable<ConsumerRecord<String, byte[]>> records, int count) {
        Outgoing outgoing = new Outgoing(new ArrayList<>(count), new HashMap<>(), new HashMap<>(), new HashMap<>());
        for (ConsumerRecord<String, byte[]> record : records) {
            String format = header(record, Headers.SOURCE);
            try {
                List<Signal> signals = normalize(record, format);
                Context trace = publisher.traceOf(record.headers());
                for (Signal signal : signals) {
                    outgoing.records().add(publisher.record(signal, trace));
                }
                outgoing.accepted().merge(format, signals.size(), Integer::sum);
            } catch (ParseException e) {
                outgoing.records().add(deadLetter(record, format, PARSE_ERROR, describe(e)));
                outgoing.deadLettered().merge(format, 1, Integer::sum);
            } catch (RuntimeException e) {
                // A parser's defect, not the payload's: logged as one, and the record is kept to replay later.
                LOG.errorf(e, "normalizing %s/%d/%d failed", record.topic(), record.partition(), record.offset());
                outgoing.records().add(deadLetter(record, format, PROCESSING_ERROR, e.toString()));
                outgoing.failed().merge(format, 1, Integer::sum);
            }
        }
        return outgoing;
    }

    private List<Signal> normalize(ConsumerRecord<String, byte[]> record, String format) {
        if (format == null) {
            throw new ParseException("header " + Headers.SOURCE + " is missing: it names the payload's format",
                    Headers.SOURCE, null);
        }
        String rawRef = record.topic() + "/" + record.partition() + "/" + record.offset();
        return normalizer.normalize(format, record.value() == null ? new byte[0] : record.value(), "kafka", rawRef);
    }

    /** Counted once the batch is on the broker, so a batch that is sent again is not counted twice. */
    private void count(Outgoing batch) {
        batch.accepted().forEach((format, signals) -> metrics.signals(format, IngestMetrics.Outcome.ACCEPTED, signals));
        batch.deadLettered().forEach((format, payloads) -> {
            metrics.signals(format, IngestMetrics.Outcome.DEAD_LETTERED, payloads);
            metrics.deadLettered(PARSE_ERROR, payloads);
        });
        batch.failed().forEach((format, payloads) -> {
            metrics.signals(format, IngestMetrics.Outcome.DEAD_LETTERED, payloads);
            metrics.deadLettered(PROCESSING_ERROR, payloads);
        });
    }

    private static String describe(ParseException e) {
        return e.getMessage() + (e.field() == null ? "" : " (field " + e.field() + ")")
                + (e.line() == null ? "" : " (line " + e.line() + ")");
    }

    private ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> record, String format,
                                                      String error, String detail) {
        LOG.debugf("dead-lettering %s/%d/%d: %s", record.topic(), record.partition(), record.offset(), detail);
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        put(headers, Headers.ERROR, error);
        put(headers, Headers.ERROR_DETAIL, detail);
        put(headers, Headers.SOURCE, format == null ? "" : format);
        put(headers, Headers.ORIGIN_TOPIC, record.topic());
        put(headers, Headers.ORIGIN_PARTITION, String.valueOf(record.partition()));
        put(headers, Headers.ORIGIN_OFFSET, String.valueOf(record.offset()));
        return new ProducerRecord<>(Topics.SIGNALS_DLQ, null, record.key(), record.value(), headers);
    }

    private static void put(RecordHeaders headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
