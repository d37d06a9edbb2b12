package dev.llmnas.search;

import dev.llmnas.core.ScoredArchitecture;
import dev.llmnas.core.SearchResult;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link MultiObjectiveSearch} returns: the Pareto front of the final predictor's score against the
 * efficiency objectives, over every architecture the final predictor scored in the run.
 *
 * @param search     the run as every strategy reports it; its {@code paretoFront} is {@link #front}, its
 *                   {@code best} the front's best-scoring point, its {@code population} the last survivors
 * @param objectives the efficiency objectives, in the order given to the builder
 * @param front      the non-dominated architectures, each with its score and, in its metrics, the value of every
 *                   objective (and the space's metrics); ordered by the first objective, best first, ties by key
 * @param evaluated  every architecture the final predictor scored (the front's candidates), in the same order
 */
public record ParetoResult(SearchResult search, List<Objective> objectives, List<ScoredArchitecture> front,
                           List<ScoredArchitecture> evaluated) {
    public ParetoResult {
        Objects.requireNonNull(search, "search");
        objectives = List.copyOf(objectives);
        front = List.copyOf(front);
        evaluated = List.copyOf(evaluated);
        if (objectives.isEmpty()) {
            throw new IllegalArgumentException("objectives: empty; a Pareto result needs at least one objective");
        }
    }
}
