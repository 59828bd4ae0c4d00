package io.tandem.ingest.pipeline;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tandem.ingest.format.ParseException;
import io.tandem.model.Headers;
import io.tandem.model.Topics;
import io.tandem.model.signal.Signal;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Normalizes native payloads from {@code signals.raw} (format in the {@code tandem-source} header), one poll's batch
 * at a time so the producer can pipeline the sends. A record that cannot be parsed goes to {@code signals.dlq} with its
 * original bytes and the reason, and the channel moves on. The batch is acknowledged, and so its offsets committed,
 * only after every signal and dead letter of it is acknowledged by the broker; sends of one asset keep their order.
 */
@ApplicationScoped
public class RawSignalConsumer {

    public static final String CHANNEL = "signals-raw-in";
    public static final String DLQ_CHANNEL = "signals-dlq-out";
    private static final Logger LOG = Logger.getLogger(RawSignalConsumer.class);

    private final Normalizer normalizer;
    private final SignalPublisher publisher;
    private final MutinyEmitter<byte[]> deadLetters;
    private final IngestMetrics metrics;

    public RawSignalConsumer(Normalizer normalizer, SignalPublisher publisher,
                             @Channel(DLQ_CHANNEL) MutinyEmitter<byte[]> deadLetters, IngestMetrics metrics) {
        this.normalizer = normalizer;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<Uni<Void>> sends = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch) {
            sends.add(normalize(record));
        }
        if (sends.isEmpty()) {
            return Uni.createFrom().completionStage(batch.ack());
        }
        return Uni.join().all(sends).andFailFast()
                .onItem().transformToUni(done -> Uni.createFrom().completionStage(batch.ack()));
    }

    private Uni<Void> normalize(KafkaRecord<String, byte[]> record) {
        String format = header(record, Headers.SOURCE);
        String rawRef = record.getTopic() + "/" + record.getPartition() + "/" + offset(record);
        List<Signal> signals;
        try {
            if (format == null) {
                throw new ParseException("header " + Headers.SOURCE + " is missing: it names the payload's format",
                        Headers.SOURCE, null);
            }
            signals = normalizer.normalize(format, record.getPayload() == null ? new byte[0] : record.getPayload(),
                    "kafka", rawRef);
        } catch (ParseException e) {
            return deadLetter(record, format, e);
        }
        return publisher.publish(signals)
                .invoke(() -> metrics.signals(format, IngestMetrics.Outcome.ACCEPTED, signals.size()));
    }

    private Uni<Void> deadLetter(KafkaRecord<String, byte[]> record, String format, ParseException e) {
        String detail = e.getMessage() + (e.field() == null ? "" : " (field " + e.field() + ")")
                + (e.line() == null ? "" : " (line " + e.line() + ")");
        LOG.debugf("dead-lettering %s/%d/%d: %s", record.getTopic(), record.getPartition(), offset(record), detail);
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.getHeaders()) {
            headers.add(header);
        }
        put(headers, Headers.ERROR, "parse-error");
        put(headers, Headers.ERROR_DETAIL, detail);
        put(headers, Headers.SOURCE, format == null ? "" : format);
        put(headers, Headers.ORIGIN_TOPIC, record.getTopic());
        put(headers, Headers.ORIGIN_PARTITION, String.valueOf(record.getPartition()));
        put(headers, Headers.ORIGIN_OFFSET, String.valueOf(offset(record)));
        OutgoingKafkaRecordMetadata<Object> metadata = OutgoingKafkaRecordMetadata.builder()
                .withTopic(Topics.SIGNALS_DLQ)
                .withKey(record.getKey())
                .withHeaders(headers)
                .build();
        metrics.signals(format, IngestMetrics.Outcome.DEAD_LETTERED, 1);
        metrics.deadLettered("parse-error");
        return deadLetters.sendMessage(Message.of(record.getPayload()).addMetadata(metadata));
    }

    private static void put(RecordHeaders headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static long offset(KafkaRecord<String, byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
    }

    private static String header(KafkaRecord<String, byte[]> record, String key) {
        Header header = record.getHeaders().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
