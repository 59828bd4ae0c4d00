package io.tandem.ingest.pipeline;

import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.tandem.ingest.format.ParseException;
import io.tandem.model.Headers;
import io.tandem.model.Topics;
import io.tandem.model.signal.Signal;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Normalizes native payloads from {@code signals.raw} (format in the {@code tandem-source} header), one poll's batch
 * at a time so the producer can pipeline the sends. A record that cannot be parsed goes to {@code signals.dlq} with its
 * original bytes and the reason, and the channel moves on. The batch is acknowledged, and so its offsets committed,
 * only after every signal and dead letter of it is acknowledged by the broker; sends of one asset keep their order.
 * Signals continue the trace of the raw record they came from ({@code traceparent}), without a span per record.
 */
@ApplicationScoped
public class RawSignalConsumer {

    public static final String CHANNEL = "signals-raw-in";
    private static final Logger LOG = Logger.getLogger(RawSignalConsumer.class);

    private final Normalizer normalizer;
    private final SignalPublisher publisher;
    private final IngestMetrics metrics;

    public RawSignalConsumer(Normalizer normalizer, SignalPublisher publisher, IngestMetrics metrics) {
        this.normalizer = normalizer;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        Map<String, Integer> accepted = new HashMap<>();
        Map<String, Integer> deadLettered = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : polled(batch)) {
            String format = header(record, Headers.SOURCE);
            try {
                List<Signal> signals = normalize(record, format);
                Context trace = publisher.traceOf(record.headers());
                for (Signal signal : signals) {
                    out.add(publisher.record(signal, trace));
                }
                accepted.merge(format, signals.size(), Integer::sum);
            } catch (ParseException e) {
                out.add(deadLetter(record, format, e));
                deadLettered.merge(format, 1, Integer::sum);
            }
        }
        return Uni.createFrom().completionStage(publisher.send(out))
                .invoke(() -> count(accepted, deadLettered))
                .onItem().transformToUni(done -> Uni.createFrom().completionStage(batch.ack()));
    }

    /**
     * The batch's polled records themselves, partition by partition in offset order: their headers are read as they
     * are, where each message's {@code getHeaders()} copies them first, a measurable cost at thousands a second.
     */
    @SuppressWarnings("unchecked")
    private static ConsumerRecords<String, byte[]> polled(KafkaRecordBatch<String, byte[]> batch) {
        return batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .map(metadata -> (ConsumerRecords<String, byte[]>) metadata.getRecords())
                .orElseThrow(() -> new IllegalStateException("a signals.raw batch without its Kafka records"));
    }

    private List<Signal> normalize(ConsumerRecord<String, byte[]> record, String format) {
        if (format == null) {
            throw new ParseException("header " + Headers.SOURCE + " is missing: it names the payload's format",
                    Headers.SOURCE, null);
        }
        String rawRef = record.topic() + "/" + record.partition() + "/" + record.offset();
        return normalizer.normalize(format, record.value() == null ? new byte[0] : record.value(), "kafka", rawRef);
    }

    /** Counted once the batch is on the broker, so a batch that is redelivered is not counted twice. */
    private void count(Map<String, Integer> accepted, Map<String, Integer> deadLettered) {
        accepted.forEach((format, signals) -> metrics.signals(format, IngestMetrics.Outcome.ACCEPTED, signals));
        deadLettered.forEach((format, payloads) -> {
            metrics.signals(format, IngestMetrics.Outcome.DEAD_LETTERED, payloads);
            metrics.deadLettered("parse-error", payloads);
        });
    }

    private ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> record, String format, ParseException e) {
        String detail = e.getMessage() + (e.field() == null ? "" : " (field " + e.field() + ")")
                + (e.line() == null ? "" : " (line " + e.line() + ")");
        LOG.debugf("dead-lettering %s/%d/%d: %s", record.topic(), record.partition(), record.offset(), detail);
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        put(headers, Headers.ERROR, "parse-error");
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
