package dev.llmnas.search;

/**
 * No candidate that satisfies every constraint (and, when required, is new) was found: neither within
 * {@code maxTries} draws nor by repairing candidates toward the bounds. The constraints are not known to be
 * unsatisfiable (those are refused by {@code build()}), so feasible architectures may exist but be too rare for
 * random draws, or the constraints may exclude each other. {@link #tries()} and {@link #constraints()} let a tool
 * phrase the advice in its own terms (a command-line option rather than the builder setting).
 */
public class SamplingException extends SearchException {
    private final int tries;
    private final String constraints;

    /**
     * @param message     the full message, naming the iteration, what was drawn and the builder settings to change
     * @param tries       the {@code maxTries} in force
     * @param constraints the constraints' descriptions, e.g. {@code [flops <= 2.1E9]}
     */
    public SamplingException(String message, int tries, String constraints) {
        super(message);
        this.tries = tries;
        this.constraints = constraints;
    }

    /** The bound on draws per candidate that was in force ({@code maxTries}). */
    public int tries() {
        return tries;
    }

    /** The constraints in force, as {@code [description, ...]}. */
    public String constraints() {
        return constraints;
    }
}
