package io.tandem.model.event;

import io.tandem.model.Require;
import io.tandem.model.json.IsoInstants;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The CloudEvents 1.0 attributes of one event, carried in Kafka binary mode as {@code ce_*} headers with the JSON
 * payload as the record value. The id is stable: consumers use it to apply an event once.
 */
public record Envelope(String id, String type, URI source, String subject, Instant time) {

    public static final String CONTENT_TYPE = "application/json";

    public Envelope {
        Require.text(id, "ce_id");
        Require.text(type, "ce_type");
        Require.present(source, "ce_source");
        Require.present(time, "ce_time");
    }

    /** A new event with a random id, e.g. a lifecycle step that happens once. */
    public static Envelope of(String type, String service, String subject, Instant time) {
        return new Envelope(UUID.randomUUID().toString(), type, service(service), subject, time);
    }

    /** The {@code ce_source} of a Tandem service: {@code /tandem/<service>}. */
    public static URI service(String service) {
        return URI.create("/tandem/" + service);
    }

    /** Writes the {@code ce_*} and {@code content-type} headers for this envelope onto {@code headers}. */
    public void writeTo(Headers headers) {
        // Written directly rather than through the CloudEvents SDK's writer, which built an event and a record per
        // call and was a visible cost per signal; EnvelopeTest holds the output equal to the SDK's. A new record's
        // headers (the usual case) have nothing to replace, and removing scans them all once per header written.
        boolean replace = headers.iterator().hasNext();
        put(headers, replace, "ce_specversion", "1.0");
        put(headers, replace, "ce_id", id);
        put(headers, replace, "ce_source", source.toString());
        put(headers, replace, "ce_type", type);
        put(headers, replace, "content-type", CONTENT_TYPE);
        if (subject != null) {
            put(headers, replace, "ce_subject", subject);
        }
        put(headers, replace, "ce_time", IsoInstants.formatShortestFraction(time));
    }

    private static void put(Headers headers, boolean replace, String key, String value) {
        if (replace) {
            headers.remove(key);
        }
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the envelope of a record; a record that is not a binary-mode CloudEvent is an error naming the header. */
    public static Envelope readFrom(Headers headers) {
        String id = Require.text(text(headers, "ce_id"), "ce_id");
        String type = Require.text(text(headers, "ce_type"), "ce_type");
        URI source = URI.create(Require.text(text(headers, "ce_source"), "ce_source"));
        String ceTime = Require.text(text(headers, "ce_time"), "ce_time");
        Instant parsed = IsoInstants.parse(ceTime);
        Instant time = parsed != null ? parsed : Instant.parse(ceTime);
        return new Envelope(id, type, source, text(headers, "ce_subject"), time);
    }

    private static String text(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
