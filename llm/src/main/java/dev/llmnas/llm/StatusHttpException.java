package dev.llmnas.llm;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.util.Optional;

/**
 * An HTTP error response that keeps what LangChain4j's own exception drops: the server's {@code Retry-After}
 * hint. Thrown by {@link RetryAfterAwareHttpClientBuilder}'s client; LangChain4j maps it (by status) to its
 * {@code RateLimitException}, {@code InternalServerException}, ... with this as the cause.
 */
final class StatusHttpException extends HttpException {
    private final transient Duration retryAfter;

    StatusHttpException(int statusCode, String body, Duration retryAfter) {
        super(statusCode, body);
        this.retryAfter = retryAfter;
    }

    /** How long the server asked the client to wait, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
