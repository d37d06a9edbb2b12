package dev.llmnas.core;

/**
 * A constraint could not be evaluated for an architecture: its metric was not a finite number, or computing it
 * failed. The message names the constraint and the architecture's key. A search stops at once rather than treat
 * the architecture as infeasible, since a broken metric would otherwise pass for a tight bound.
 */
public class ConstraintException extends LlmnasException {
    private final String constraint;
    private final String architectureKey;
    private final String reason;

    /**
     * @param constraint      the constraint's {@link Constraint#description()}
     * @param architectureKey the architecture's {@link Architecture#key()}
     * @param reason          what went wrong, e.g. {@code metric 'flops' is NaN}
     * @param cause           the underlying failure, or {@code null}
     */
    public ConstraintException(String constraint, String architectureKey, String reason, Throwable cause) {
        super("constraint " + constraint + ": " + reason + " for architecture " + architectureKey
                + "; a constraint's metric must be a finite number for every architecture", cause);
        this.constraint = constraint;
        this.architectureKey = architectureKey;
        this.reason = reason;
    }

    /** The constraint's description, e.g. {@code flops <= 3.0E9}. */
    public String constraint() {
        return constraint;
    }

    /** What went wrong, without the constraint and the architecture, e.g. {@code metric 'flops' is NaN}. */
    public String reason() {
        return reason;
    }

    /** The key of the architecture it failed on. */
    public String architectureKey() {
        return architectureKey;
    }
}
