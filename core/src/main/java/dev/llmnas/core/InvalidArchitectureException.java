package dev.llmnas.core;

/**
 * An architecture does not belong to a search space. The message names the dimension, the bad value and
 * what is allowed, e.g. {@code "encoder-layer-num: 7 is not one of [6]"}.
 */
public class InvalidArchitectureException extends LlmnasException {
    private final String dimension;

    /**
     * @param dimension the dimension at fault, e.g. {@code "encoder-layer-num"}, or {@code null} when the
     *                  architecture as a whole is malformed
     * @param message   the full message, naming the dimension, the bad value and what is allowed
     */
    public InvalidArchitectureException(String dimension, String message) {
        super(message);
        this.dimension = dimension;
    }

    /** The dimension at fault, or {@code null} when the architecture as a whole is malformed. */
    public String dimension() {
        return dimension;
    }
}
