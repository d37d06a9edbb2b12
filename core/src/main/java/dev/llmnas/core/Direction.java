package dev.llmnas.core;

/** Whether a larger score is a better architecture (BLEU, accuracy) or a worse one (loss, error). */
public enum Direction {
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER;

    /** Positive when {@code a} is better than {@code b}, negative when worse, 0 when equal. */
    public int compareBetter(double a, double b) {
        return this == HIGHER_IS_BETTER ? Double.compare(a, b) : Double.compare(b, a);
    }

    /** True when {@code a} is strictly better than {@code b}. */
    public boolean isBetter(double a, double b) {
        return compareBetter(a, b) > 0;
    }

    /** The worst possible score, a neutral start for "best so far". */
    public double worst() {
        return this == HIGHER_IS_BETTER ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
}
