package io.tandem.triage.stream;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/** A record on its way out of the topology: the topic it belongs on and its bytes. */
public record Out(String topic, byte[] value) {

    /** Writes only the bytes: the topic is chosen by {@link #TOPIC}, never serialized. */
    static final Serde<Out> SERDE = Serdes.serdeFrom((topic, out) -> out == null ? null : out.value(), (topic, bytes) -> {
        throw new UnsupportedOperationException("Out records are only written");
    });

    static final TopicNameExtractor<String, Out> TOPIC = (key, out, context) -> out.topic();
}
