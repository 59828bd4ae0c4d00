package io.tandem.system.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A closed-loop HTTP load generator: a fixed number of requests in flight for a fixed time, each answered request
 * making room for the next, with every latency recorded in an HdrHistogram.
 */
final class HttpLoad implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** What one run achieved; latencies in microseconds. */
    record Result(long requests, long failed, Map<String, Long> failures, Duration elapsed, Histogram latencies) {

        double requestsPerSecond() {
            return (requests - failed) / (elapsed.toNanos() / 1e9);
        }

        double millis(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "bench-http");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(executor)
            .build();

    /**
     * POSTs {@code body(i)} for i = {@code first}, {@code first+1}, … to {@code uri} with {@code concurrency}
     * requests in flight until {@code duration} has passed, then waits for the last answers.
     */
    Result run(URI uri, String bearer, LongFunction<byte[]> body, long first, int concurrency, Duration duration) {
        Histogram latencies = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong failed = new AtomicLong();
        Map<String, Long> failures = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        long sent = 0;
        try {
            while (System.nanoTime() < end) {
                if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.apply(first + sent)));
                if (bearer != null) {
                    request.header("Authorization", "Bearer " + bearer);
                }
                long sentAt = System.nanoTime();
                sent++;
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, e) -> {
                    latencies.recordValue(Math.min(latencies.getHighestTrackableValue(),
                            TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sentAt)));
                    if (e != null || response.statusCode() / 100 != 2) {
                        failed.incrementAndGet();
                        String reason = e != null ? e.getClass().getSimpleName()
                                : response.statusCode() + " " + abbreviate(response.body());
                        failures.merge(reason, 1L, Long::sum);
                    }
                    inFlight.release();
                });
            }
            if (!inFlight.tryAcquire(concurrency, REQUEST_TIMEOUT.toMillis() + 5000, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("requests to " + uri + " still unanswered after the timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Result(sent, failed.get(), Map.copyOf(failures), Duration.ofNanos(System.nanoTime() - started),
                latencies);
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
