package dev.llmnas.llm;

import dev.llmnas.core.LlmnasException;

/**
 * A call to the LLM failed at the transport level (HTTP status, timeout, refused connection, unreadable
 * response) and was not, or no longer, retried. The message never contains an API key; the cause is a redacted
 * copy of the provider's exception (same class name in its {@code toString()}, same stack trace, message masked).
 */
public class LlmCallException extends LlmnasException {
    private final int statusCode;
    private final boolean retriable;
    private final boolean endpointWide;

    /**
     * A fault that concerns one call, not the endpoint as a whole.
     *
     * @param message    what failed; anything that looks like a key is masked
     * @param statusCode the HTTP status, or 0 when there was no response (timeout, refused connection)
     * @param retriable  whether trying again later may succeed (429, 5xx, timeouts)
     * @param cause      the redacted provider exception, or {@code null}
     */
    public LlmCallException(String message, int statusCode, boolean retriable, Throwable cause) {
        this(message, statusCode, retriable, cause, false);
    }

    /**
     * @param endpointWide whether the fault concerns the endpoint as a whole (unreachable, server errors, bad
     *                     key), so that repeated ones open the circuit breaker
     */
    public LlmCallException(String message, int statusCode, boolean retriable, Throwable cause,
                            boolean endpointWide) {
        super(Secrets.redact(message), cause);
        this.statusCode = statusCode;
        this.retriable = retriable;
        this.endpointWide = endpointWide;
    }

    /** Whether the fault concerns the endpoint as a whole rather than one request. */
    public boolean endpointWide() {
        return endpointWide;
    }

    /** The HTTP status, or 0 when the failure had none (timeout, refused connection). */
    public int statusCode() {
        return statusCode;
    }

    /** Whether the fault was of a retriable kind (and retries ran out) rather than a permanent one. */
    public boolean retriable() {
        return retriable;
    }
}
