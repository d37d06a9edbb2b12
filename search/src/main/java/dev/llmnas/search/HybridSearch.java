package dev.llmnas.search;

import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchResult;
import java.util.ArrayList;
import java.util.List;

/**
 * HS-NAS: HAT's evolutionary search whose first iterations rank candidates with a cheap initial predictor
 * (e.g. an XGBoost model distilled from an LLM) and whose later iterations rank them with an expensive final
 * predictor (e.g. a supernet, or real training). Each phase ranks by its own predictor's
 * {@link dev.llmnas.core.Direction}; the result's best architecture is scored by the final predictor.
 *
 * <p>The paper's schedule is the default. {@link Builder#guided} selects a guided schedule instead, which spends
 * far fewer expensive calls: from the switch on, only a few offspring per generation reach the expensive predictor
 * (10 by default, 15 while the cheap predictor disagrees with the expensive scores so far), chosen partly by the
 * cheap predictor refitted on the expensive scores as they arrive and partly by the cheap predictor as it is;
 * optionally it screens more offspring than the population needs and stops once its best has stopped improving
 * (see {@link GuidedSchedule}; measured on NAS-Bench-201 in the README: evolution's result with 20-30% of its
 * expensive calls).
 *
 * <p>Within a run, no predictor scores the same architecture twice (an evaluation cache keyed by the canonical
 * architecture), and the result counts only real calls. Immutable and thread-safe: each {@link #run()} is an
 * independent search with the configured seed.
 *
 * <pre>{@code
 * SearchResult r = HybridSearch.builder()
 *         .space(HatSpaces.wmt14ende())
 *         .initialPredictor(distilled)        // cheap
 *         .finalPredictor(supernet)           // expensive
 *         .constraint(Constraint.atMost("flops", 3.0e9))
 *         .seed(7)
 *         .build()
 *         .run();
 * }</pre>
 */
public final class HybridSearch extends PlannedSearch {
    private final int switchAt;
    private final GuidedSchedule guided;

    private HybridSearch(int switchAt, Plan plan) {
        super(plan);
        this.switchAt = switchAt;
        this.guided = plan.guided();
    }

    /** A builder with the paper's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The first iteration ranked by the final predictor ({@code iterations} when it never ranks). */
    public int switchIteration() {
        return switchAt;
    }

    /**
     * The guided schedule of the expensive phase, or empty for the paper's schedule (the default). A guided run's
     * result reports the strategy {@code hybrid-guided}, and its {@link #fingerprint()} holds the schedule's
     * settings under {@code guided}.
     */
    public java.util.Optional<GuidedSchedule> guided() {
        return java.util.Optional.ofNullable(guided);
    }

    /** Builds a {@link HybridSearch}; see the setters for defaults. */
    public static final class Builder extends AbstractEvolutionBuilder<Builder, HybridSearch> {
        private PerformancePredictor initialPredictor;
        private PerformancePredictor finalPredictor;
        private Integer switchAt;
        private Double switchAtFraction;
        private GuidedSchedule guided;

        private Builder() {
        }

        /**
         * Runs the expensive phase on the guided schedule instead of the paper's: a few expensive calls per
         * generation on the offspring the cheap predictor (refitted on the expensive scores, and as it is) ranks
         * best, more while it disagrees with the expensive scores, with optional over-generation and early stop
         * (see {@link GuidedSchedule}; {@link GuidedSchedule#defaults()} for the measured defaults).
         * Needs both phases: a switch after iteration 0 and before the last. Default: none, the paper's schedule.
         *
         * @param schedule the guided schedule's settings
         * @return this builder
         * @throws IllegalArgumentException when {@code schedule} is null
         */
        public Builder guided(GuidedSchedule schedule) {
            this.guided = requireArg("guided", schedule, "a GuidedSchedule (GuidedSchedule.defaults())");
            return this;
        }

        /** The cheap predictor that ranks the first iterations. Required; no default. */
        public Builder initialPredictor(PerformancePredictor predictor) {
            this.initialPredictor = requireArg("initialPredictor", predictor, "a PerformancePredictor");
            return this;
        }

        /** The expensive predictor that ranks the later iterations and scores the result. Required; no default. */
        public Builder finalPredictor(PerformancePredictor predictor) {
            this.finalPredictor = requireArg("finalPredictor", predictor, "a PerformancePredictor");
            return this;
        }

        /**
         * The first iteration (0-based) ranked by the final predictor: 0 uses it throughout, {@code iterations}
         * never. At least 0 and at most {@code iterations}. Default: {@code iterations / 2}, as in the paper.
         * Conflicts with {@link #switchAtFraction}.
         */
        public Builder switchAt(int iteration) {
            this.switchAt = atLeast("switchAt", iteration, 0);
            return this;
        }

        /**
         * The switch point as a fraction of the iterations (rounded down). In [0, 1]. Default: 0.5, as in the
         * paper. Conflicts with {@link #switchAt}.
         */
        public Builder switchAtFraction(double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("switchAtFraction: " + fraction
                        + " is not allowed; it must be in [0, 1]");
            }
            this.switchAtFraction = fraction;
            return this;
        }

        /**
         * @throws IllegalStateException when a required setting is missing or settings conflict (parents above
         *                               the population, both switch settings, switch after the last iteration,
         *                               a guided schedule without both phases)
         */
        @Override
        public HybridSearch build() {
            checkEvolution();
            if (initialPredictor == null) {
                throw new IllegalStateException("initialPredictor: not set; call initialPredictor(..) with the cheap"
                        + " predictor");
            }
            if (finalPredictor == null) {
                throw new IllegalStateException("finalPredictor: not set; call finalPredictor(..) with the expensive"
                        + " predictor");
            }
            checkOneSwitch(switchAt, switchAtFraction);
            int at = switchIteration(switchAt, switchAtFraction, iterations);
            if (guided != null && (at == 0 || at >= iterations)) {
                throw new IllegalStateException("guided: needs both phases, but the switch is at iteration " + at
                        + " of " + iterations + "; set switchAt in [1, " + (iterations - 1) + "]");
            }
            List<Plan.Phase> phases = new ArrayList<>();
            if (at > 0) {
                phases.add(new Plan.Phase(initialPredictor, 0));
            }
            if (at < iterations) {
                phases.add(new Plan.Phase(finalPredictor, at));
            }
            checkNames(phases);
            return new HybridSearch(at, new Plan(guided == null ? "hybrid" : "hybrid-guided", space, constraints, phases, iterations, populationSize,
                    parents, mutations, mutationProbability, crossovers, 0, 0, deduplicate, seed,
                    initialPopulation, listeners, executor, checkpoint, paretoMetric, paretoFunction, maxTries, guided));
        }
    }
}
