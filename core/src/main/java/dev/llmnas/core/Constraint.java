package dev.llmnas.core;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * A condition every candidate of a search must meet, usually a bound on an efficiency metric.
 *
 * <p>A sealed hierarchy with two kinds: {@link MetricBound}, a bound on a named metric (the space's own metric or
 * a user-supplied function; searches compute the space's metrics once per candidate and can repair candidates
 * toward a bound), and {@link Condition}, any other yes/no test on an architecture
 * ({@link #where(String, java.util.function.Predicate)}). Searches ask {@link #asMetricBound()} instead of testing
 * types. Both kinds are immutable and thread-safe when their functions are.
 */
public sealed interface Constraint permits Constraint.MetricBound, Constraint.Condition {

    /** Human-readable form, e.g. {@code flops <= 3.0E9}. */
    String description();

    /**
     * True when {@code architecture} (canonical, from {@code space}) meets the constraint.
     *
     * @throws ConstraintException when the constraint cannot be evaluated for it (e.g. its metric is NaN);
     *                             never answered as "not satisfied"
     */
    boolean isSatisfiedBy(Architecture architecture, SearchSpace space);

    /**
     * Why no architecture of {@code space} can meet this constraint, when that can be shown (e.g. a bound below
     * the space's smallest value of the metric, see {@link SearchSpace#metricRange}); empty when it may be
     * satisfiable. Searches and tools call it before any expensive work. Default: empty.
     *
     * @param space the space to be searched
     * @return the reason in words, naming the constraint, the space and the reachable range
     */
    default Optional<String> unsatisfiableReason(SearchSpace space) {
        return Optional.empty();
    }

    /**
     * This constraint as a bound on a named metric, or empty when it is a {@link Condition}. Searches use it to
     * compute the space's metrics once per candidate and to repair candidates toward the bound.
     *
     * @return the bound, or empty
     */
    default Optional<MetricBound> asMetricBound() {
        return Optional.empty();
    }

    /**
     * Any yes/no test on an architecture, e.g. {@code Constraint.where("even depth", a -> a.getInt("depth") % 2 == 0)}.
     *
     * @param description how the constraint reads in messages and results, not blank
     * @param test        true when an architecture (canonical, of the searched space) meets the constraint
     * @return the constraint
     * @throws IllegalArgumentException when {@code description} is blank
     * @throws NullPointerException     when {@code test} is null
     */
    static Constraint where(String description, java.util.function.Predicate<Architecture> test) {
        return new Condition(description, test);
    }

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

        /** This bound itself. */
        @Override
        public Optional<MetricBound> asMetricBound() {
            return Optional.of(this);
        }

        /** True when the metric is the space's own (no function given): it is read from the space's metrics. */
        public boolean onSpaceMetric() {
            return function == null;
        }

        /**
         * The metric value of an architecture.
         *
         * @throws ConstraintException when the value is not finite or computing it failed
         * @throws IllegalArgumentException when the space has no metric of this name (the message lists its
         *                                  metrics)
         */
        public double value(Architecture architecture, SearchSpace space) {
            double v;
            if (function != null) {
                try {
                    v = function.applyAsDouble(architecture);
                } catch (RuntimeException e) {
                    throw new ConstraintException(description(), architecture.key(), "computing metric '" + metric
                            + "' failed: " + e, e);
                }
            } else {
                v = space.metric(architecture, metric);
            }
            return checked(v, architecture);
        }

        /**
         * Whether a value of the metric, computed for {@code architecture}, meets the bound.
         *
         * @throws ConstraintException naming this constraint and the architecture when {@code value} is NaN or
         *                             infinite
         */
        public boolean accepts(double value, Architecture architecture) {
            double v = checked(value, architecture);
            return upper ? v <= bound : v >= bound;
        }

        /**
         * How far {@code value} lies beyond the bound, relative to the bound's size: 0 when it meets the bound,
         * else {@code |value - bound| / max(|bound|, 1e-12)}. Repair moves candidates until it reaches 0.
         */
        public double violation(double value) {
            double over = upper ? value - bound : bound - value;
            return over <= 0 ? 0 : over / Math.max(Math.abs(bound), 1e-12);
        }

        private double checked(double v, Architecture architecture) {
            if (!Double.isFinite(v)) {
                throw new ConstraintException(description(), architecture.key(), "metric '" + metric + "' is " + v,
                        null);
            }
            return v;
        }

        @Override
        public boolean isSatisfiedBy(Architecture architecture, SearchSpace space) {
            return accepts(value(architecture, space), architecture);
        }

        /** Empty for user-supplied metrics; for the space's own ones, compares the bound with its range. */
        @Override
        public Optional<String> unsatisfiableReason(SearchSpace space) {
            if (function != null || !space.metricNames().contains(metric)) {
                return Optional.empty();
            }
            Optional<MetricRange> range;
            try {
                range = space.metricRange(metric);
            } catch (ConstraintException e) {
                throw new ConstraintException(description(), e.architectureKey(), e.reason(), e);
            }
            return range.flatMap(r -> {
                boolean possible = upper ? r.reachesAtMost(bound) : r.reachesAtLeast(bound);
                return possible ? Optional.empty() : Optional.of("constraint " + description()
                        + " cannot be met in space " + space.name() + ": " + metric + " ranges over ["
                        + number(r.min()) + ", " + number(r.max()) + "] there, so no architecture is "
                        + (upper ? "that small" : "that large"));
            });
        }

        /** Whole numbers as such (counts: 1965865128), others with six significant digits. */
        private static String number(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
                    : String.format(Locale.ROOT, "%.6g", v);
        }

        @Override
        public String description() {
            return metric + (upper ? " <= " : " >= ") + bound;
        }
    }

    /**
     * A yes/no test on an architecture that is not a bound on a metric.
     *
     * @param description how the constraint reads in messages, not blank
     * @param test        true when an architecture meets the constraint
     */
    record Condition(String description, java.util.function.Predicate<Architecture> test) implements Constraint {
        public Condition {
            if (description == null || description.isBlank()) {
                throw new IllegalArgumentException("description: '" + description + "' must not be blank");
            }
            Objects.requireNonNull(test, "test");
        }

        /**
         * Runs the test.
         *
         * @throws ConstraintException naming this constraint and the architecture when the test throws
         */
        @Override
        public boolean isSatisfiedBy(Architecture architecture, SearchSpace space) {
            try {
                return test.test(architecture);
            } catch (RuntimeException e) {
                throw new ConstraintException(description, architecture.key(), "the test failed: " + e, e);
            }
        }
    }
}
