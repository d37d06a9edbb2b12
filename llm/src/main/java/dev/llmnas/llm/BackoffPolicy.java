package dev.llmnas.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * How transport faults (HTTP 408, 429 and 5xx, timeouts, refused or reset connections, unreadable responses)
 * are retried: the settings of the Resilience4j retry every LLM client uses, exponential backoff with seeded
 * jitter, bounded in count and delay. A server's {@code Retry-After} hint replaces the computed delay (capped by
 * {@code maxRetryAfter}); the whole wait per question is bounded separately (the clients' {@code maxWait}).
 * HTTP 400, 401, 403, 404, a 429 for an exhausted quota, and bugs are never retried.
 *
 * @param maxRetries    retries after the first attempt (0 = none)
 * @param initialDelay  delay before the first retry
 * @param maxDelay      cap of the computed delay
 * @param multiplier    growth factor per retry (at least 1)
 * @param jitter        relative jitter in [0, 1): each delay is scaled by a uniform factor in [1 - j, 1 + j]
 * @param maxRetryAfter cap on an honoured {@code Retry-After}
 */
public record BackoffPolicy(int maxRetries, Duration initialDelay, Duration maxDelay, double multiplier, double jitter,
                            Duration maxRetryAfter) {

    /** @throws IllegalArgumentException naming the field when a value is out of range (see the components) */
    public BackoffPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries: " + maxRetries + " must be >= 0");
        }
        requireNonNegative(initialDelay, "initialDelay");
        requireNonNegative(maxDelay, "maxDelay");
        requireNonNegative(maxRetryAfter, "maxRetryAfter");
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay: " + maxDelay + " is below initialDelay " + initialDelay);
        }
        if (!(multiplier >= 1) || !Double.isFinite(multiplier)) {
            throw new IllegalArgumentException("multiplier: " + multiplier + " must be a finite number >= 1");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter: " + jitter + " must be in [0, 1)");
        }
    }

    private static void requireNonNegative(Duration d, String field) {
        Objects.requireNonNull(d, field);
        if (d.isNegative()) {
            throw new IllegalArgumentException(field + ": " + d + " must not be negative");
        }
    }

    /** 6 retries, 1 s doubling up to 60 s, 20% jitter, Retry-After honoured up to 5 minutes. */
    public static BackoffPolicy defaults() {
        return new BackoffPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0, 0.2, Duration.ofMinutes(5));
    }

    /** No retries of transport faults. */
    public static BackoffPolicy none() {
        return new BackoffPolicy(0, Duration.ZERO, Duration.ZERO, 1, 0, Duration.ZERO);
    }

    /**
     * @param retries most retries of one call after its first attempt, at least 0
     * @return a copy with that number of retries
     * @throws IllegalArgumentException when negative
     */
    public BackoffPolicy withMaxRetries(int retries) {
        return new BackoffPolicy(retries, initialDelay, maxDelay, multiplier, jitter, maxRetryAfter);
    }

    /**
     * @param initial the wait before the first retry
     * @param max     the longest wait between two attempts (the exponential growth stops there)
     * @return a copy with those delays
     * @throws IllegalArgumentException when a delay is negative or {@code initial > max}
     */
    public BackoffPolicy withDelays(Duration initial, Duration max) {
        return new BackoffPolicy(maxRetries, initial, max, multiplier, jitter, maxRetryAfter);
    }

    /**
     * @param cap the cap on an honoured {@code Retry-After} (a server asking for longer is waited for this long)
     * @return a copy with that cap
     * @throws IllegalArgumentException when negative
     */
    public BackoffPolicy withMaxRetryAfter(Duration cap) {
        return new BackoffPolicy(maxRetries, initialDelay, maxDelay, multiplier, jitter, cap);
    }

}
