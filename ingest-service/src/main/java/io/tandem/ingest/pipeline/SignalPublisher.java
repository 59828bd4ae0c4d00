package io.tandem.ingest.pipeline;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.smallrye.mutiny.Uni;
import io.tandem.model.EventTypes;
import io.tandem.model.Topics;
import io.tandem.model.event.Envelope;
import io.tandem.model.signal.Signal;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import net.jpountz.lz4.LZ4Factory;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ingest's one Kafka producer: canonical signals on {@code signals.normalized}, keyed by asset key, as CloudEvents
 * whose id is the signal id (so a re-sent event is recognisably the same event), and dead letters on
 * {@code signals.dlq}. What it returns completes only when the broker has acknowledged every record with
 * {@code acks=all}: callers answer or commit after that, never before. Records sent from one thread keep their order
 * per partition (idempotent producer), so the signals of one asset stay in order. Each signal carries the W3C
 * {@code traceparent} of the request or raw record it came from.
 *
 * <p>A plain {@link KafkaProducer} rather than a SmallRye emitter: the Kafka path sends thousands of signals a second,
 * and an emitter adds a {@code Message} with metadata, ack bookkeeping, an outgoing span and context switches to each
 * of them; here a batch's records go straight to the producer and one future tracks their acknowledgements. Configured by {@code kafka.bootstrap.servers} and {@code tandem.ingest.producer.*} (any Kafka producer
 * property); {@code acks=all} and idempotence are fixed.
 */
@ApplicationScoped
public class SignalPublisher {

    private static final Logger LOG = Logger.getLogger(SignalPublisher.class);
    private static final String PRODUCER_CONFIG_PREFIX = "tandem.ingest.producer.";
    private static final URI SOURCE = Envelope.service("ingest");
    /** Only ever injects into a new record's headers, which hold no trace headers to replace. */
    private static final TextMapSetter<Headers> HEADER_SETTER = (headers, key, value) ->
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    private static final TextMapGetter<Headers> HEADER_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final KafkaProducer<String, byte[]> producer;
    private final TextMapPropagator propagator;

    public SignalPublisher(Config config, OpenTelemetry openTelemetry) {
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        Properties props = new Properties();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PRODUCER_CONFIG_PREFIX)) {
                props.put(name.substring(PRODUCER_CONFIG_PREFIX.length()), config.getValue(name, String.class));
            }
        }
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        if ("lz4".equals(props.get(ProducerConfig.COMPRESSION_TYPE_CONFIG))) {
            loadNativeLz4();
        }
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Kafka compresses with lz4-java's fastest codec, and lz4-java offers its native one only when it was loaded by the
     * system class loader or its library is loaded already. Under Quarkus' class loader Kafka so got the pure-Java
     * compressor, about a tenth of ingest's CPU; loading the native codec first makes Kafka find it. Where it cannot
     * load (a platform without the bundled library), Kafka keeps the Java one.
     */
    private static void loadNativeLz4() {
        try {
            LZ4Factory.nativeInstance();
        } catch (LinkageError | RuntimeException e) {
            LOG.debugf("native LZ4 unavailable, signals are compressed in Java: %s", e);
        }
    }

    /** At bean destruction, after the consumers have stopped: closing earlier would fail the batches still in flight. */
    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Publishes {@code signals} in the current trace; completes when all are acknowledged. */
    public Uni<Void> publish(List<Signal> signals) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(signals.size());
        for (Signal signal : signals) {
            records.add(record(signal, Context.current()));
        }
        return Uni.createFrom().completionStage(send(records));
    }

    /**
     * The trace a record's headers carry ({@code traceparent}), to continue it without a consumer span per record:
     * the {@code signals.raw} channel does not trace each record (at thousands a second a span each, recorded even
     * when nothing is exported, was a measurable part of ingest's CPU), yet its signals stay in the sender's trace.
     */
    public Context traceOf(Headers headers) {
        return propagator.extract(Context.root(), headers, HEADER_GETTER);
    }

    /** The {@code signals.normalized} record of a signal, in the trace of {@code trace}. */
    public ProducerRecord<String, byte[]> record(Signal signal, Context trace) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SIGNALS_NORMALIZED, signal.asset().key(),
                SignalJson.write(signal));
        new Envelope(signal.id().toString(), EventTypes.SIGNAL_NORMALIZED, SOURCE, signal.fingerprint(), signal.ingestedAt())
                .writeTo(record.headers());
        propagator.inject(trace, record.headers(), HEADER_SETTER);
        return record;
    }

    /**
     * Sends {@code records} in order; the future completes when the broker has acknowledged all of them, or fails with
     * the first failure.
     */
    public CompletableFuture<Void> send(List<ProducerRecord<String, byte[]>> records) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        if (records.isEmpty()) {
            acknowledged.complete(null);
            return acknowledged;
        }
        AtomicInteger pending = new AtomicInteger(records.size());
        Callback callback = (metadata, error) -> {
            if (error != null) {
                acknowledged.completeExceptionally(error);
            } else if (pending.decrementAndGet() == 0) {
                acknowledged.complete(null);
            }
        };
        try {
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record, callback);
            }
        } catch (KafkaException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }
}
