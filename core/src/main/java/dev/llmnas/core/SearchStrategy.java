package dev.llmnas.core;

/** A configured search. Configuration is immutable; each {@link #run()} is an independent search. */
public interface SearchStrategy {

    /**
     * A short name for result tables.
     *
     * @return e.g. {@code evolution}, {@code random}, {@code hybrid}
     */
    String name();

    /**
     * Runs the search to completion and returns the best architecture found with the run's history.
     *
     * <p>With a checkpoint file configured (e.g. {@code EvolutionarySearch.builder().checkpoint(path)}), an existing
     * file is <em>resumed</em>, not overwritten: the run continues from the last completed iteration, answers of
     * predictor calls already journalled are replayed instead of asked again, and the result is the one an
     * uninterrupted run with the same seed would have returned; a finished checkpoint returns its result without
     * any call. A checkpoint written by another configuration (space, seed, strategy settings) is refused; delete
     * it to start afresh. Without a checkpoint each call is an independent search from the configured seed (so,
     * with deterministic predictors, two calls return equal results).
     *
     * @return the best architecture, its score and the per-iteration history
     * @throws LlmnasException when a predictor fails (wrapped with the iteration and the architecture), sampling
     *                         finds no architecture satisfying the constraints, or a checkpoint cannot be read,
     *                         written or resumed
     */
    SearchResult run();
}
