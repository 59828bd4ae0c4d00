package io.tandem.model;

/** Kafka record header names of the platform contract besides the CloudEvents {@code ce_*} ones. */
public final class Headers {

    /** Format id of a raw payload on {@link Topics#SIGNALS_RAW}, as in {@code POST /api/v1/signals/{format}}. */
    public static final String SOURCE = "tandem-source";
    /** Short machine-readable reason a record went to {@link Topics#SIGNALS_DLQ}. */
    public static final String ERROR = "tandem-error";
    /** Human-readable detail of the failure, naming the field or line where known. */
    public static final String ERROR_DETAIL = "tandem-error-detail";
    /** Topic, partition and offset the dead-lettered record came from. */
    public static final String ORIGIN_TOPIC = "tandem-origin-topic";
    public static final String ORIGIN_PARTITION = "tandem-origin-partition";
    public static final String ORIGIN_OFFSET = "tandem-origin-offset";
    /** W3C trace context, propagated across every hop. */
    public static final String TRACEPARENT = "traceparent";

    private Headers() {
    }
}
