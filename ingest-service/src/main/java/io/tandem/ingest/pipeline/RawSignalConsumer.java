package io.tandem.ingest.pipeline;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
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
import java.util.List;

/**
 * Normalizes native payloads from {@code signals.raw} (format in the {@code tandem-source} header). A record that
 * cannot be parsed goes to {@code signals.dlq} with its original bytes and the reason, and the channel moves on.
 * The record is acknowledged, and so its offset committed, only after its signals or its dead letter are
 * acknowledged by the broker.
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
    public Uni<Void> consume(Message<byte[]> message) {
        IncomingKafkaRecordMetadata<?, ?> record = message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        String format = header(record, Headers.SOURCE);
        String rawRef = record.getTopic() + "/" + record.getPartition() + "/" + record.getOffset();
        List<Signal> signals;
        try {
            if (format == null) {
                throw new ParseException("header " + Headers.SOURCE + " is missing: it names the payload's format",
                        Headers.SOURCE, null);
            }
            signals = normalizer.normalize(format, message.getPayload() == null ? new byte[0] : message.getPayload(),
                    "kafka", rawRef);
        } catch (ParseException e) {
            return deadLetter(message, record, format, e).onItem().transformToUni(v -> Uni.createFrom().completionStage(message.ack()));
        }
        return publisher.publish(signals)
                .invoke(() -> metrics.signals(format, IngestMetrics.Outcome.ACCEPTED, signals.size()))
                .onItem().transformToUni(v -> Uni.createFrom().completionStage(message.ack()));
    }

    private Uni<Void> deadLetter(Message<byte[]> message, IncomingKafkaRecordMetadata<?, ?> record, String format,
                                 ParseException e) {
        String detail = e.getMessage() + (e.field() == null ? "" : " (field " + e.field() + ")")
                + (e.line() == null ? "" : " (line " + e.line() + ")");
        LOG.debugf("dead-lettering %s/%d/%d: %s", record.getTopic(), record.getPartition(), record.getOffset(), detail);
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.getHeaders()) {
            headers.add(header);
        }
        put(headers, Headers.ERROR, "parse-error");
        put(headers, Headers.ERROR_DETAIL, detail);
        put(headers, Headers.SOURCE, format == null ? "" : format);
        put(headers, Headers.ORIGIN_TOPIC, record.getTopic());
        put(headers, Headers.ORIGIN_PARTITION, String.valueOf(record.getPartition()));
        put(headers, Headers.ORIGIN_OFFSET, String.valueOf(record.getOffset()));
        OutgoingKafkaRecordMetadata<Object> metadata = OutgoingKafkaRecordMetadata.builder()
                .withTopic(Topics.SIGNALS_DLQ)
                .withKey(record.getKey())
                .withHeaders(headers)
                .build();
        metrics.signals(format, IngestMetrics.Outcome.DEAD_LETTERED, 1);
        metrics.deadLettered("parse-error");
        return deadLetters.sendMessage(Message.of(message.getPayload()).addMetadata(metadata));
    }

    private static void put(RecordHeaders headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(IncomingKafkaRecordMetadata<?, ?> record, String key) {
        Header header = record.getHeaders().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
