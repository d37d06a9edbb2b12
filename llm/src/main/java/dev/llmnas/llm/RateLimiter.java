package dev.llmnas.llm;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces requests evenly so that no more than {@code perMinute} start in any minute. Each caller reserves the
 * next free slot and waits for it, so waiting threads do not hold a lock.
 */
final class RateLimiter {
    private final long intervalNanos;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long nextFree;
    private boolean started;

    RateLimiter(double perMinute, LongSupplier clock, Sleeper sleeper) {
        if (!(perMinute > 0) || !Double.isFinite(perMinute)) {
            throw new IllegalArgumentException("requestsPerMinute: " + perMinute + " must be a positive number");
        }
        this.intervalNanos = (long) (60e9 / perMinute);
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Waits until this caller may send a request. */
    void acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = clock.getAsLong();
            if (!started || nextFree < now) {
                nextFree = now;
                started = true;
            }
            wait = nextFree - now;
            nextFree += intervalNanos;
        }
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
    }
}
