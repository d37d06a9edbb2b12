package dev.llmnas.llm;

import dev.llmnas.core.LlmnasException;

/**
 * An answer could not be appended to the cache file (disk full, I/O error). The file was cut back to its last
 * complete entry, no further calls start, and the message says how many answers received were lost.
 */
public class CacheWriteException extends LlmnasException {
    private final int lostAnswers;

    /**
     * @param message     what failed, naming the cache file
     * @param lostAnswers answers received that could not be stored
     * @param cause       the I/O error
     */
    public CacheWriteException(String message, int lostAnswers, Throwable cause) {
        super(message, cause);
        this.lostAnswers = lostAnswers;
    }

    /** Answers received from the provider that could not be stored. */
    public int lostAnswers() {
        return lostAnswers;
    }
}
