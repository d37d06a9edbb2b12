package dev.llmnas.core;

/** Root of the library's unchecked exceptions: catch this to handle every llmnas failure in one place. */
public class LlmnasException extends RuntimeException {
    public LlmnasException(String message) {
        super(message);
    }

    public LlmnasException(String message, Throwable cause) {
        super(message, cause);
    }
}
