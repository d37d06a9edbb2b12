package dev.llmnas.search;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.SearchSpace;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * An efficiency objective of a {@link MultiObjectiveSearch}, next to the predictor's score: a metric of the
 * space (e.g. {@code cell-params}, {@code flops}) or a user-supplied one (e.g. a latency model), with the
 * direction in which it is better.
 *
 * @param metric    the metric's name, as reported in the front's metrics
 * @param direction {@link Direction#LOWER_IS_BETTER} for costs such as parameters or latency
 * @param function  computes the metric; {@code null} to read the space's metric of that name
 */
public record Objective(String metric, Direction direction, ToDoubleFunction<Architecture> function) {

    public Objective {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("metric: '" + metric + "' must be a non-blank metric name");
        }
        Objects.requireNonNull(direction, "direction");
    }

    /** Minimise the space's metric {@code metric} (e.g. {@code cell-params}). */
    public static Objective minimize(String metric) {
        return new Objective(metric, Direction.LOWER_IS_BETTER, null);
    }

    /** Maximise the space's metric {@code metric}. */
    public static Objective maximize(String metric) {
        return new Objective(metric, Direction.HIGHER_IS_BETTER, null);
    }

    /** Minimise a user-supplied metric, e.g. predicted latency in ms. */
    public static Objective minimize(String metric, ToDoubleFunction<Architecture> function) {
        return new Objective(metric, Direction.LOWER_IS_BETTER, Objects.requireNonNull(function, "function"));
    }

    /** Maximise a user-supplied metric. */
    public static Objective maximize(String metric, ToDoubleFunction<Architecture> function) {
        return new Objective(metric, Direction.HIGHER_IS_BETTER, Objects.requireNonNull(function, "function"));
    }

    /** The metric's value for an architecture of {@code space}. */
    public double value(Architecture architecture, SearchSpace space) {
        return function != null ? function.applyAsDouble(architecture) : space.metric(architecture, metric);
    }

    /** The metric as a minimised quantity (negated when higher is better). */
    double minimised(double value) {
        return direction == Direction.LOWER_IS_BETTER ? value : -value;
    }

    /** E.g. {@code min cell-params} (and {@code (function)} for user metrics). */
    public String description() {
        return (direction == Direction.LOWER_IS_BETTER ? "min " : "max ") + metric
                + (function != null ? " (function)" : "");
    }
}
