package io.tandem.model.json;

import com.fasterxml.jackson.databind.JsonMappingException;
import org.apache.kafka.common.errors.SerializationException;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An event that does not fit the contract. {@link #field()} names the offending field (dotted path) where one is
 * known, so HTTP answers and dead-letter headers can say exactly what is wrong.
 */
public class EventFormatException extends SerializationException {

    private static final Pattern MISSING = Pattern.compile("missing required field '([^']+)'");

    private final String field;

    public EventFormatException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    static EventFormatException from(Class<?> type, IOException e) {
        String reason = Json.reason(e);
        String field = null;
        Matcher missing = MISSING.matcher(reason == null ? "" : reason);
        if (missing.find()) {
            field = missing.group(1);
        } else if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            field = Json.path(jme);
        }
        String message = "invalid " + type.getSimpleName() + (field == null ? "" : " at '" + field + "'") + ": " + reason;
        return new EventFormatException(field, message);
    }
}
