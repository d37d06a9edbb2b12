package dev.llmnas.search;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.SearchResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run needs to continue: what a checkpoint holds. Mutable, confined to the thread running the
 * search (parallel scoring tasks never touch it).
 */
final class RunState {
    /** The iteration whose population {@link #population} is; equals the iteration count once finished. */
    int nextIteration;
    /** True once the last iteration was scored; {@link #population} is then the final one, best first. */
    boolean finished;
    long[] random;
    List<Architecture> population = List.of();
    /** Per predictor name, in phase order: every architecture it scored in this run and its score. */
    final Map<String, Map<Architecture, Double>> scores = new LinkedHashMap<>();
    final List<SearchResult.IterationStats> history = new ArrayList<>();
    /** Calls per predictor when {@link #nextIteration} began: the base of that iteration's {@code newCalls}. */
    Map<String, Long> callsAtIterationStart = new HashMap<>();
    /** Run time spent before this process took over (0 for a fresh run). */
    long elapsedNanosBefore;

    RunState(Plan plan) {
        for (Plan.Phase phase : plan.phases()) {
            scores.computeIfAbsent(phase.predictor().name(), k -> new HashMap<>());
        }
    }

    Map<Architecture, Double> cache(String predictor) {
        return scores.computeIfAbsent(predictor, k -> new HashMap<>());
    }

    /** Real calls so far, by predictor name, in phase order: each cached score is one call. */
    Map<String, Long> callCounts() {
        Map<String, Long> calls = new LinkedHashMap<>();
        scores.forEach((name, cache) -> calls.put(name, (long) cache.size()));
        return calls;
    }
}
