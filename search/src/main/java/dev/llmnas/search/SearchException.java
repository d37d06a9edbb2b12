package dev.llmnas.search;

import dev.llmnas.core.LlmnasException;

/**
 * A search could not go on: constraints that no candidate meets within the allowed tries, a predictor that
 * failed or returned a non-finite score, or a checkpoint that cannot be read, written or does not match the
 * configuration. The message says which iteration, which predictor or which file.
 */
public class SearchException extends LlmnasException {
    /** @param message what stopped the search: the iteration, the predictor or the file */
    public SearchException(String message) {
        super(message);
    }

    /**
     * @param message what stopped the search: the iteration, the predictor or the file
     * @param cause   the underlying exception (a predictor failure, an I/O error); may be {@code null}
     */
    public SearchException(String message, Throwable cause) {
        super(message, cause);
    }
}
