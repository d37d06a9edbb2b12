package dev.llmnas.search;

import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchStrategy;
import java.nio.file.Path;
import java.util.List;

/**
 * HAT's evolutionary search with one predictor throughout: each iteration scores the population, keeps the
 * best {@code parents} and breeds {@code mutations} mutated parents and {@code crossovers} uniform crossovers,
 * every one of them satisfying all constraints. Defaults: 30 iterations, population 125, 25 parents, 50
 * mutations with probability 0.3, 50 crossovers. The same engine as {@link HybridSearch}, with one phase.
 *
 * <p>Immutable and thread-safe; each {@link #run()} is an independent search with the configured seed.
 */
public final class EvolutionarySearch implements SearchStrategy {
    private final Plan plan;

    private EvolutionarySearch(Plan plan) {
        this.plan = plan;
    }

    /** A builder with HAT's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return plan.strategy();
    }

    /**
     * Runs the search; with a checkpoint configured that already exists, continues it (see
     * {@link AbstractSearchBuilder#checkpoint}).
     *
     * @throws SearchException when the constraints cannot be met within {@code maxTries}, the predictor fails,
     *                         or a checkpoint cannot be written or was written by another configuration
     */
    @Override
    public SearchResult run() {
        return new Engine(plan).run();
    }

    /**
     * Continues the run saved in {@code checkpoint} by this same configuration; see
     * {@link HybridSearch#resume(Path)}.
     */
    public SearchResult resume(Path checkpoint) {
        return new Engine(plan).resume(AbstractSearchBuilder.requireArg("checkpoint", checkpoint, "a file path"));
    }

    @Override
    public String toString() {
        return "EvolutionarySearch" + plan.fingerprint();
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
