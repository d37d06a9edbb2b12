package dev.llmnas.core;

/** Root of the library's unchecked exceptions: catch this to handle every llmnas failure in one place. */
public class LlmnasException extends RuntimeException {
    /** @param message what failed, with enough context (file, option, architecture) to act on */
    public LlmnasException(String message) {
        super(message);
    }

    /**
     * @param message what failed, with enough context (file, option, architecture) to act on
     * @param cause   the underlying exception, kept as the cause; may be {@code null}
     */
    public LlmnasException(String message, Throwable cause) {
        super(message, cause);
    }
}
