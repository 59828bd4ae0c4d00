package io.tandem.change.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tandem.model.json.EventFormatException;
import io.tandem.service.messaging.DeadLetters;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * The common end of change's consumers: ack once the work is durable and count the outcome, or dead-letter the
 * record (after the work's transaction rolled back) with the reason, so one bad record never stops a channel.
 */
public final class Consumers {

    private static final Logger LOG = Logger.getLogger(Consumers.class);

    /**
     * Runs {@code work} for {@code message}; {@code invalid} is the {@code tandem-error} of a record that is not
     * the expected event, {@code failed} that of a processing failure.
     */
    public static <T extends Enum<T>> Uni<Void> handle(Message<byte[]> message, Supplier<Uni<? extends T>> work,
                                                       MeterRegistry metrics, String name, String invalid, String failed) {
        return Uni.createFrom().<T>deferred(work)
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure == null) {
                        metrics.counter("tandem.change." + name + ".processed", "outcome",
                                outcome.name().toLowerCase(java.util.Locale.ROOT)).increment();
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    metrics.counter("tandem.change." + name + ".failed").increment();
                    LOG.warnf("%s record dead-lettered: %s", name, failure.getMessage());
                    return Uni.createFrom().completionStage(message.nack(failure, DeadLetters.metadata(message,
                            failure instanceof EventFormatException ? invalid : failed, failure)));
                });
    }

    private Consumers() {
    }
}
