package dev.llmnas.study;

import java.time.Duration;
import java.util.Objects;

/**
 * How a study treats its trials; fixed when the study is created.
 *
 * @param maxAttempts    how many times a trial is handed out before it is marked failed, at least 1 (default 3)
 * @param heartbeatGrace how long a running trial may go without a heartbeat before it returns to pending,
 *                       at least one second (default 60 s); workers heartbeat every third of it
 */
public record StudyOptions(int maxAttempts, Duration heartbeatGrace) {
    /** The defaults: 3 attempts, a grace of 60 seconds. */
    public static final StudyOptions DEFAULTS = new StudyOptions(3, Duration.ofSeconds(60));

    /** @throws IllegalArgumentException when a value is out of range */
    public StudyOptions {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        Objects.requireNonNull(heartbeatGrace, "heartbeatGrace");
        if (heartbeatGrace.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("heartbeatGrace must be at least 1 second, got " + heartbeatGrace);
        }
    }
}
