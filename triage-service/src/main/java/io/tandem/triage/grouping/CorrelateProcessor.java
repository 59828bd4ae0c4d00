package io.tandem.triage.grouping;

import io.tandem.model.EventTypes;
import io.tandem.model.Headers;
import io.tandem.model.event.Envelope;
import io.tandem.model.json.EventFormatException;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Signal;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.model.triage.TriageDecision;
import io.tandem.triage.TriageTopology;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Runs the {@link Correlator} for each signal against the alert (by fingerprint) and group (by group key) stores and
 * forwards the decision and any group event, each a CloudEvent whose id is derived from the signal, so exactly-once
 * processing and replays agree. A record that is not a Signal goes to {@code signals.dlq} with the reason.
 */
public class CorrelateProcessor implements Processor<String, byte[], String, byte[]> {

    private static final URI SOURCE = Envelope.service("triage");

    private final Correlator correlator;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, AlertState> alerts;
    private KeyValueStore<String, GroupState> groups;

    public CorrelateProcessor(Correlator correlator) {
        this.correlator = correlator;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.alerts = context.getStateStore(TriageTopology.ALERTS_STORE);
        this.groups = context.getStateStore(TriageTopology.GROUPS_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Signal signal;
        try {
            signal = Json.read(record.value() == null ? new byte[0] : record.value(), Signal.class);
        } catch (EventFormatException e) {
            deadLetter(record, e);
            return;
        }
        String groupKey = Correlator.groupKey(signal);
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Correlator.Result result = correlator.apply(signal, alerts.get(signal.fingerprint()), groups.get(groupKey), now);
        if (result.alert() != null) {
            alerts.put(signal.fingerprint(), result.alert());
        }
        if (result.group() != null) {
            groups.put(groupKey, result.group());
        }
        TriageDecision decision = result.decision();
        forward(TriageTopology.DECISIONS_SINK, decision.alertGroupId().toString(), Json.write(decision),
                new Envelope(decision.signalId().toString(), EventTypes.DECISION_MADE, SOURCE, decision.signalId().toString(), now),
                record.timestamp());
        AlertGroupEvent event = result.groupEvent();
        if (event != null) {
            forward(TriageTopology.GROUPS_SINK, event.groupId().toString(), Json.write(event),
                    new Envelope(event.groupId() + ":" + signal.id(), EventTypes.of("alertgroup", event.action().wire()),
                            SOURCE, event.groupId().toString(), now),
                    record.timestamp());
        }
    }

    private void forward(String sink, String key, byte[] value, Envelope envelope, long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        envelope.writeTo(headers);
        context.forward(new Record<>(key, value, timestamp, headers), sink);
    }

    private void deadLetter(Record<String, byte[]> record, EventFormatException e) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(Headers.ERROR, "invalid-signal".getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.ERROR_DETAIL, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
        context.recordMetadata().ifPresent(m -> {
            headers.add(Headers.ORIGIN_TOPIC, m.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(Headers.ORIGIN_PARTITION, String.valueOf(m.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(Headers.ORIGIN_OFFSET, String.valueOf(m.offset()).getBytes(StandardCharsets.UTF_8));
        });
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), TriageTopology.DLQ_SINK);
    }
}
