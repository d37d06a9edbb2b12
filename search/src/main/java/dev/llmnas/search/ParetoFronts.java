package dev.llmnas.search;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.ScoredArchitecture;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The Pareto front of a single-objective run ({@link Engine}): its final scores against the one metric set with
 * {@code paretoMetric} (a space metric, or a user function given with it). Kept apart from the engine's loop; the
 * multi-objective search has its own front ({@link ParetoEngine}).
 */
final class ParetoFronts {

    /** How the engine turns an architecture and its score into a result entry. */
    @FunctionalInterface
    interface Scorer {
        ScoredArchitecture scored(Architecture architecture, double score, String predictor);
    }

    private ParetoFronts() {
    }

    /**
     * The front over everything {@code predictor} scored: the architectures no other beats in both score and the
     * Pareto metric (lower metric is better), cheapest first; empty when the plan sets no Pareto metric. Fully
     * ordered (ties by key), so it never depends on the order calls came back in.
     */
    static List<ScoredArchitecture> front(Plan plan, Map<Architecture, Double> cache, PerformancePredictor predictor,
                                          Scorer scorer) {
        if (plan.paretoMetric() == null) {
            return List.of();
        }
        record Point(Architecture architecture, double metric, double score) {
        }
        Direction direction = predictor.direction();
        List<Point> points = new ArrayList<>(cache.size());
        cache.forEach((a, s) -> points.add(new Point(a, value(plan, a), s)));
        points.sort(Comparator.comparingDouble(Point::metric)
                .thenComparing((x, y) -> direction.compareBetter(y.score(), x.score()))
                .thenComparing(x -> x.architecture().key()));
        List<ScoredArchitecture> front = new ArrayList<>();
        double best = direction.worst();
        for (Point p : points) {
            if (direction.isBetter(p.score(), best)) {
                front.add(scorer.scored(p.architecture(), p.score(), predictor.name()));
                best = p.score();
            }
        }
        return front;
    }

    /**
     * Adds the Pareto metric's value to an entry's metrics when a user function computes it (a space metric is
     * among them already).
     */
    static void addMetric(Plan plan, Architecture a, Map<String, Double> metrics) {
        if (plan.paretoFunction() != null) {
            metrics.put(plan.paretoMetric(), plan.paretoFunction().applyAsDouble(a));
        }
    }

    private static double value(Plan plan, Architecture a) {
        return plan.paretoFunction() != null ? plan.paretoFunction().applyAsDouble(a)
                : plan.space().metric(a, plan.paretoMetric());
    }
}
