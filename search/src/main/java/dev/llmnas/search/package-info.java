/**
 * Architecture search strategies on any {@link dev.llmnas.core.SearchSpace}: {@link dev.llmnas.search.HybridSearch}
 * (HS-NAS: evolution ranked by a cheap predictor first and an expensive one later; with a
 * {@link dev.llmnas.search.GuidedSchedule} the expensive phase screens offspring with the refitted cheap one),
 * {@link dev.llmnas.search.EvolutionarySearch} (HAT's evolutionary search with one predictor) and
 * {@link dev.llmnas.search.RandomSearch} (the baseline), and {@link dev.llmnas.search.MultiObjectiveSearch}
 * (NSGA-II, returning the Pareto front of the score against efficiency objectives).
 *
 * <p>All of them share one engine: per-run evaluation caches (an architecture is never scored twice by the same
 * predictor in a run), constraints checked on every candidate, optional parallel scoring, listeners, and
 * checkpoints from which {@code resume(Path)} finishes with exactly the result of an uninterrupted run.
 * This module knows predictors only through {@link dev.llmnas.core.PerformancePredictor}.
 */
package dev.llmnas.search;
