package dev.llmnas.core;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a search returns.
 *
 * @param strategy     the strategy's name
 * @param best         the best architecture found, scored by the predictor of the last phase
 * @param population   the final population, best first
 * @param history      one entry per iteration
 * @param calls        predictor calls actually made (cache hits excluded), by predictor name
 * @param paretoFront  non-dominated (score, efficiency metric) points over everything evaluated, by metric
 *                     ascending; empty when no metric was chosen
 * @param wallTime     elapsed time of the run
 */
public record SearchResult(String strategy, ScoredArchitecture best, List<ScoredArchitecture> population,
                           List<IterationStats> history, Map<String, Long> calls,
                           List<ScoredArchitecture> paretoFront, Duration wallTime) {
    public SearchResult {
        Objects.requireNonNull(best, "best");
        population = List.copyOf(population);
        history = List.copyOf(history);
        // ordered, so that printing a result is the same from run to run (Map.copyOf's order is not)
        calls = Collections.unmodifiableMap(new LinkedHashMap<>(calls));
        calls.forEach((k, v) -> Objects.requireNonNull(v, () -> "calls: " + k + " has no count"));
        paretoFront = List.copyOf(paretoFront);
        Objects.requireNonNull(wallTime, "wallTime");
    }

    /**
     * A one-line summary: strategy, best score with its predictor and architecture key, iterations, population
     * and Pareto front sizes, calls by predictor and wall time, e.g. {@code SearchResult[hybrid, best 71.2 by
     * supernet (encoder-embed-dim=640;...), 30 iterations, population 125, pareto front 0, calls {..}, 12.3 s]}.
     * The architecture key is cut at 120 characters; the full result stays in the accessors.
     */
    @Override
    public String toString() {
        String key = best.architecture().key();
        if (key.length() > 120) {
            key = key.substring(0, 117) + "...";
        }
        return "SearchResult[" + strategy + ", best " + best.score() + " by " + best.predictor() + " (" + key + "), "
                + history.size() + " iterations, population " + population.size() + ", pareto front "
                + paretoFront.size() + ", calls " + calls + ", "
                + String.format(java.util.Locale.ROOT, "%.3f s", wallTime.toNanos() / 1e9) + "]";
    }

    /** Calls made to the named predictor (0 when it was never called). */
    public long callsTo(String predictor) {
        return calls.getOrDefault(predictor, 0L);
    }

    /**
     * Statistics of one iteration.
     *
     * @param iteration   0-based
     * @param predictor   the predictor that ranked this iteration
     * @param bestScore   best score of the population
     * @param medianScore median score of the population
     * @param best        best architecture of the population
     * @param newCalls    predictor calls this iteration made
     */
    public record IterationStats(int iteration, String predictor, double bestScore, double medianScore,
                                 Architecture best, long newCalls) {
    }
}
