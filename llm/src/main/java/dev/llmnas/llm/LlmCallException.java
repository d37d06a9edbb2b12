package dev.llmnas.llm;

import dev.llmnas.core.LlmnasException;

/**
 * A call to the LLM failed at the transport level (HTTP status, timeout, refused connection, unreadable
 * response) and was not, or no longer, retried. The message never contains an API key; the cause is a
 * {@linkplain Secrets#sanitized redacted copy} of the provider's exception.
 */
public class LlmCallException extends LlmnasException {
    private final int statusCode;
    private final boolean retriable;

    public LlmCallException(String message, int statusCode, boolean retriable, Throwable cause) {
        super(Secrets.redact(message), cause);
        this.statusCode = statusCode;
        this.retriable = retriable;
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
