package dev.llmnas.llm;

import java.util.Collection;

/**
 * A closed interval of scores: the valid range of a task (replies outside are asked again) or the range
 * expected around the demonstrations (values outside are kept and counted). Use infinities for an open side.
 *
 * @param min smallest accepted score
 * @param max largest accepted score
 */
public record PlausibleRange(double min, double max) {

    public PlausibleRange {
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException("plausible range: [" + min + ", " + max
                    + "] must satisfy min <= max (use infinities for an open side)");
        }
    }

    /** Accepts every finite score. */
    public static PlausibleRange unbounded() {
        return new PlausibleRange(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * A range around the demonstrations' scores: their span (at least 10% of their magnitude) added three
     * times on each side, so that an LLM may extrapolate well beyond the examples but not produce nonsense
     * such as a BLEU of 2,531. Unbounded when there are no scores.
     */
    public static PlausibleRange around(Collection<Double> scores) {
        if (scores.isEmpty()) {
            return unbounded();
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            lo = Math.min(lo, s);
            hi = Math.max(hi, s);
        }
        double width = Math.max(hi - lo, 0.1 * Math.max(Math.abs(lo), Math.abs(hi)));
        if (width == 0) {
            width = 1;
        }
        return new PlausibleRange(lo - 3 * width, hi + 3 * width);
    }

    /** The overlap of two ranges, or an exception when they do not overlap. */
    public PlausibleRange intersect(PlausibleRange other) {
        double lo = Math.max(min, other.min);
        double hi = Math.min(max, other.max);
        if (lo > hi) {
            throw new IllegalArgumentException("plausible range: " + this + " and " + other + " do not overlap");
        }
        return new PlausibleRange(lo, hi);
    }

    /** The overlap of two ranges, or {@code other} when they do not overlap. */
    public PlausibleRange intersectOrSelf(PlausibleRange other) {
        double lo = Math.max(min, other.min);
        double hi = Math.min(max, other.max);
        return lo > hi ? other : new PlausibleRange(lo, hi);
    }

    /**
     * @param score a score in the task's metric
     * @return whether {@code min <= score <= max} (NaN is never contained)
     */
    public boolean contains(double score) {
        return score >= min && score <= max;
    }

    /** The bounds to at most 2 decimals ({@code [34.87, 100]}): the computed ones carry float noise. */
    @Override
    public String toString() {
        return "[" + bound(min) + ", " + bound(max) + "]";
    }

    private static String bound(double v) {
        if (!Double.isFinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        return new java.math.BigDecimal(v).setScale(2, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
    }
}
