package dev.llmnas.search;

import dev.llmnas.core.PerformancePredictor;
import java.util.List;

/**
 * HAT's evolutionary search with one predictor throughout: each iteration scores the population, keeps the
 * best {@code parents} and breeds {@code mutations} mutated parents and {@code crossovers} uniform crossovers,
 * every one of them satisfying all constraints. Defaults: 30 iterations, population 125, 25 parents, 50
 * mutations with probability 0.3, 50 crossovers. The same engine as {@link HybridSearch}, with one phase.
 *
 * <p>Immutable and thread-safe; each {@link #run()} is an independent search with the configured seed.
 */
public final class EvolutionarySearch extends PlannedSearch {

    private EvolutionarySearch(Plan plan) {
        super(plan);
    }

    /** A builder with HAT's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link EvolutionarySearch}; see the setters for defaults. */
    public static final class Builder extends AbstractEvolutionBuilder<Builder, EvolutionarySearch> {
        private PerformancePredictor predictor;

        private Builder() {
        }

        /** The predictor that ranks every iteration. Required; no default. */
        public Builder predictor(PerformancePredictor predictor) {
            this.predictor = requireArg("predictor", predictor, "a PerformancePredictor");
            return this;
        }

        /** @throws IllegalStateException when a required setting is missing or settings conflict */
        @Override
        public EvolutionarySearch build() {
            checkEvolution();
            if (predictor == null) {
                throw new IllegalStateException("predictor: not set; call predictor(..)");
            }
            return new EvolutionarySearch(new Plan("evolution", space, constraints,
                    List.of(new Plan.Phase(predictor, 0)), iterations, populationSize, parents, mutations,
                    mutationProbability, crossovers, 0, 0, deduplicate, seed, initialPopulation, listeners, executor,
                    checkpoint, paretoMetric, paretoFunction, maxTries));
        }
    }
}
