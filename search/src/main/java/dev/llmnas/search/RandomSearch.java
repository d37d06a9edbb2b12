package dev.llmnas.search;

import dev.llmnas.core.PerformancePredictor;
import java.util.List;

/**
 * The baseline every NAS paper reports: score {@code budget} distinct random architectures that satisfy the
 * constraints and return the best. Candidates are drawn in batches of {@code batchSize} (one history entry,
 * one parallel scoring round and one checkpoint per batch); the result's population is the best
 * {@code batchSize} seen. Shares the engine of {@link EvolutionarySearch}, so caching, constraints,
 * listeners, parallel scoring and checkpoints behave the same.
 *
 * <p>Immutable and thread-safe; each {@link #run()} is an independent search with the configured seed.
 */
public final class RandomSearch extends PlannedSearch {

    private RandomSearch(Plan plan) {
        super(plan);
    }

    /** A builder with the default budget of HAT's evolution (30 &times; 125 = 3,750 calls). */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link RandomSearch}; see the setters for defaults. */
    public static final class Builder extends AbstractSearchBuilder<Builder, RandomSearch> {
        private PerformancePredictor predictor;
        private int budget = 3_750;
        private int batchSize = 125;

        private Builder() {
        }

        /** The predictor that scores every sample. Required; no default. */
        public Builder predictor(PerformancePredictor predictor) {
            this.predictor = requireArg("predictor", predictor, "a PerformancePredictor");
            return this;
        }

        /** Distinct architectures to score (= predictor calls). At least 1. Default: 3,750 (30 &times; 125). */
        public Builder budget(int budget) {
            this.budget = atLeast("budget", budget, 1);
            return this;
        }

        /** Architectures drawn per iteration. At least 1. Default: 125. */
        public Builder batchSize(int batchSize) {
            this.batchSize = atLeast("batchSize", batchSize, 1);
            return this;
        }

        /** @throws IllegalStateException when a required setting is missing */
        @Override
        public RandomSearch build() {
            checkCommon();
            if (predictor == null) {
                throw new IllegalStateException("predictor: not set; call predictor(..)");
            }
            int iterations = (budget + batchSize - 1) / batchSize;
            return new RandomSearch(new Plan("random", space, constraints, List.of(new Plan.Phase(predictor, 0)),
                    iterations, batchSize, batchSize, 0, 0.0, 0, batchSize, budget, true, seed, null, listeners,
                    executor, checkpoint, paretoMetric, paretoFunction, maxTries));
        }
    }
}
