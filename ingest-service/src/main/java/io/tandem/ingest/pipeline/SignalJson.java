package io.tandem.ingest.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.tandem.model.json.Json;
import io.tandem.model.signal.Signal;

/**
 * Signals as JSON, byte for byte what {@link Json#write} writes (SignalJsonTest holds them equal), for the Kafka
 * path's thousands a second: the records' accessors are called through generated code (Blackbird) instead of
 * reflection.
 */
final class SignalJson {

    private static final ObjectMapper MAPPER = Json.configure(new ObjectMapper()).registerModule(new BlackbirdModule());

    static byte[] write(Signal signal) {
        try {
            return MAPPER.writeValueAsBytes(signal);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a signal", e);
        }
    }

    private SignalJson() {
    }
}
