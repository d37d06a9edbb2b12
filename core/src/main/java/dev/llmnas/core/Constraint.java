package dev.llmnas.core;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A condition every candidate of a search must meet, usually a bound on an efficiency metric.
 * Implementations are immutable and thread-safe.
 */
public interface Constraint {

    /** Human-readable form, e.g. {@code flops <= 3.0E9}. */
    String description();

    /** True when {@code architecture} (canonical, from {@code space}) meets the constraint. */
    boolean isSatisfiedBy(Architecture architecture, SearchSpace space);

    /** At most {@code bound} of the space's metric {@code metric} (e.g. {@code "flops"}, {@code "params"}). */
    static Constraint atMost(String metric, double bound) {
        return new MetricBound(metric, bound, true, null);
    }

    /** At least {@code bound} of the space's metric {@code metric}. */
    static Constraint atLeast(String metric, double bound) {
        return new MetricBound(metric, bound, false, null);
    }

    /** At most {@code bound} of a user-supplied metric, e.g. a latency model. */
    static Constraint atMost(String metric, ToDoubleFunction<Architecture> function, double bound) {
        return new MetricBound(metric, bound, true, Objects.requireNonNull(function, "function"));
    }

    /** At least {@code bound} of a user-supplied metric. */
    static Constraint atLeast(String metric, ToDoubleFunction<Architecture> function, double bound) {
        return new MetricBound(metric, bound, false, Objects.requireNonNull(function, "function"));
    }

    /**
     * A bound on a named metric.
     *
     * @param metric   the metric's name
     * @param bound    the bound (finite)
     * @param upper    true for "at most", false for "at least"
     * @param function computes the metric; {@code null} to read it from the search space
     */
    record MetricBound(String metric, double bound, boolean upper, ToDoubleFunction<Architecture> function)
            implements Constraint {
        public MetricBound {
            if (metric == null || metric.isBlank()) {
                throw new IllegalArgumentException("metric: '" + metric + "' must not be blank");
            }
            if (!Double.isFinite(bound)) {
                throw new IllegalArgumentException("bound: " + bound + " must be a finite number");
            }
        }

        /** The metric value of an architecture. */
        public double value(Architecture architecture, SearchSpace space) {
            return function != null ? function.applyAsDouble(architecture) : space.metric(architecture, metric);
        }

        @Override
        public boolean isSatisfiedBy(Architecture architecture, SearchSpace space) {
            double v = value(architecture, space);
            return upper ? v <= bound : v >= bound;
        }

        @Override
        public String description() {
            return metric + (upper ? " <= " : " >= ") + bound;
        }
    }
}
