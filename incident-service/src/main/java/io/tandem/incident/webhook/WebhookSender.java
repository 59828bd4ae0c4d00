package io.tandem.incident.webhook;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tandem.incident.IncidentConfig;
import io.tandem.incident.support.Clocks;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.model.json.Json;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Sends queued webhook deliveries: claims due ones (a lease, with {@code SKIP LOCKED}), POSTs each body signed with
 * HMAC-SHA256 of the webhook's secret and carrying the delivery id as {@code Idempotency-Key}, and records the outcome;
 * a failed attempt is retried with exponential backoff until {@code max-attempts}. At least once: a receiver may see
 * an attempt again (after a lost answer), always with the same key.
 */
@ApplicationScoped
public class WebhookSender {

    public static final String SIGNATURE_HEADER = "X-Tandem-Signature";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    public static final String EVENT_HEADER = "X-Tandem-Event";

    static final int BATCH = 50;

    private final Pool pool;
    private final WebhookRepository repository;
    private final IncidentConfig config;
    private final Clock clock;
    private final HttpClient http;

    public WebhookSender(Pool pool, WebhookRepository repository, IncidentConfig config, Clock clock) {
        this.pool = pool;
        this.repository = repository;
        this.config = config;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.webhooks().timeout()).build();
    }

    @Scheduled(every = "${incident.poll-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // Not before the channels and pools are up, nor after shutdown has closed them.
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return sendDue().replaceWithVoid();
    }

    /** Attempts every due delivery once; returns how many were attempted. */
    @WithSpan
    public Uni<Integer> sendDue() {
        Instant now = Clocks.now(clock);
        return pool.withTransaction(db -> repository.claim(db, now, now.plus(config.webhooks().lease()), BATCH))
                .chain(claimed -> Multi.createFrom().iterable(claimed)
                        .onItem().transformToUniAndMerge(this::attempt)
                        .collect().asList().map(List::size));
    }

    private Uni<Void> attempt(WebhookRepository.Claimed d) {
        byte[] body = body(d);
        HttpRequest request = HttpRequest.newBuilder(URI.create(d.url()))
                .timeout(config.webhooks().timeout())
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, "sha256=" + sign(d.secret(), body))
                .header(IDEMPOTENCY_HEADER, d.id().toString())
                .header(EVENT_HEADER, d.eventType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .map(response -> response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode())
                .onFailure().recoverWithItem(e -> e.getClass().getSimpleName() + ": " + e.getMessage())
                .chain(error -> {
                    Instant now = Clocks.now(clock);
                    if (error == null) {
                        return pool.withTransaction(db -> repository.delivered(db, d.id(), now));
                    }
                    Instant retry = d.attempts() >= config.webhooks().maxAttempts() ? null : now.plus(backoff(d.attempts()));
                    return pool.withTransaction(db -> repository.attemptFailed(db, d.id(), error, retry, now));
                });
    }

    /** 1×, 2×, 4× ... the initial wait after the 1st, 2nd, 3rd failed attempt, capped. */
    Duration backoff(int attempts) {
        Duration wait = config.webhooks().backoffInitial().multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(config.webhooks().backoffMax()) > 0 ? config.webhooks().backoffMax() : wait;
    }

    /** The body in the webhook's format: the event itself, or a Slack message summarizing it. */
    static byte[] body(WebhookRepository.Claimed d) {
        if (d.format() == Webhook.Format.GENERIC) {
            String generic = "{\"id\":" + Json.mapper().valueToTree(d.eventId()) + ",\"type\":"
                    + Json.mapper().valueToTree(d.eventType()) + ",\"data\":" + d.payload() + "}";
            return generic.getBytes(StandardCharsets.UTF_8);
        }
        IncidentEvent event = Json.read(d.payload().getBytes(StandardCharsets.UTF_8), IncidentEvent.class);
        var i = event.incident();
        String text = "[" + i.priority() + "] " + i.title() + " — " + event.action().wire() + " by " + event.actor()
                + " (status " + i.status().wire() + (i.team() == null ? "" : ", team " + i.team())
                + (i.assignee() == null ? "" : ", assignee " + i.assignee()) + ")"
                + (event.detail() == null ? "" : "\n" + event.detail());
        return Json.write(Map.of("text", text));
    }

    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
