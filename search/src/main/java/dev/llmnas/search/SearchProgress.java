package dev.llmnas.search;

import dev.llmnas.core.ScoredArchitecture;
import dev.llmnas.core.SearchResult;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where a search stands after one iteration.
 *
 * @param strategy   the strategy's name
 * @param iteration  the iteration just finished, 0-based
 * @param iterations the total number of iterations
 * @param phase      0 while the initial (cheap) predictor ranks, 1 once the final (expensive) one does;
 *                   always 0 for single-predictor strategies
 * @param predictor  the name of the predictor that ranked this iteration
 * @param stats      this iteration's statistics, as they appear in the result's history
 * @param best       the best architecture of this iteration's population, scored by {@code predictor}
 * @param calls      predictor calls made so far in the run (cache hits excluded), by predictor name
 * @param elapsed    time spent in the run so far (across restarts)
 */
public record SearchProgress(String strategy, int iteration, int iterations, int phase, String predictor,
                             SearchResult.IterationStats stats, ScoredArchitecture best, Map<String, Long> calls,
                             Duration elapsed) {
    public SearchProgress {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(best, "best");
        calls = Map.copyOf(calls);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Fraction of the iterations done, in (0, 1]. */
    public double fractionDone() {
        return (iteration + 1) / (double) iterations;
    }
}
