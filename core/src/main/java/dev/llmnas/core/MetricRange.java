package dev.llmnas.core;

import java.util.Objects;

/**
 * The exact smallest and largest value an efficiency metric takes over every architecture of a space, with an
 * architecture attaining each; see {@link SearchSpace#metricRange(String)}.
 *
 * @param metric the metric's name, e.g. {@code flops}
 * @param min    the smallest value (finite, in the metric's own unit)
 * @param argMin a canonical architecture whose value is {@code min}
 * @param max    the largest value (finite, at least {@code min})
 * @param argMax a canonical architecture whose value is {@code max}
 */
public record MetricRange(String metric, double min, Architecture argMin, double max, Architecture argMax) {
    public MetricRange {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("metric: '" + metric + "' must not be blank");
        }
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException(metric + ": range [" + min + ", " + max
                    + "] must be finite with min <= max");
        }
        Objects.requireNonNull(argMin, "argMin");
        Objects.requireNonNull(argMax, "argMax");
    }

    /** True when some architecture of the space has a value of at most {@code bound}. */
    public boolean reachesAtMost(double bound) {
        return min <= bound;
    }

    /** True when some architecture of the space has a value of at least {@code bound}. */
    public boolean reachesAtLeast(double bound) {
        return max >= bound;
    }
}
