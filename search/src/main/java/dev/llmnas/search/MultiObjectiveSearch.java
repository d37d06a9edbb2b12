package dev.llmnas.search;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Multi-objective architecture search with NSGA-II (Deb et al., 2002): it searches for the Pareto front of the
 * predictor's score against one or more efficiency {@link Objective}s (e.g. accuracy against parameters or
 * latency) instead of one best architecture. Each generation scores the survivors and their offspring, sorts
 * them into non-dominated fronts with {@link NonDominatedSorting} and keeps the best {@code populationSize} by
 * front, then by crowding distance; offspring come from binary tournaments, the space's crossover and mutation.
 *
 * <p>It runs on the engine of {@link HybridSearch}, so it shares the hybrid schedule (an optional cheap
 * initial predictor ranks the generations before the switch, the expensive final predictor those after),
 * constraints (every architecture scored meets them), the evaluation cache (no predictor scores an
 * architecture twice), seeds (a run repeats bit for bit), listeners and checkpoint/resume. Additions serve
 * an expensive final predictor: a {@link Builder#budget budget} of final-predictor calls;
 * {@link Builder#screening screening}, where the cheap predictor picks each expensive generation's offspring
 * from a larger set of candidates; {@link Builder#polish polish}, Pareto local search around the front for the
 * last calls of the budget; {@link Builder#climb front climbing}, local search that keeps each front cell's
 * cost; {@link Builder#nicheElites niche elitism}, {@link Builder#levelTopK per-level
 * allocation} and the {@link Builder#levelSweep level sweep} for objectives with few distinct values; and
 * {@link Builder#refit refit}, the cheap predictor refitted on the expensive scores as they arrive.
 *
 * <p>The result's front is taken over every architecture the final predictor scored, not only the last
 * population. Immutable and thread-safe; each run is independent.
 *
 * <pre>{@code
 * ParetoResult r = MultiObjectiveSearch.builder()
 *         .space(Nb201Space.space())
 *         .initialPredictor(distilled)                  // cheap
 *         .finalPredictor(trueAccuracy)                 // expensive
 *         .objective(Objective.minimize("cell-params"))
 *         .budget(1_000)
 *         .seed(7)
 *         .build()
 *         .search();
 * r.front().forEach(p -> System.out.println(p.score() + " " + p.metrics().get("cell-params")));
 * }</pre>
 */
public final class MultiObjectiveSearch extends PlannedSearch {
    private final Settings settings;
    private final int switchAt;

    private MultiObjectiveSearch(Plan plan, Settings settings, int switchAt) {
        super(plan);
        this.settings = settings;
        this.switchAt = switchAt;
    }

    /** The settings NSGA-II adds to the engine's plan. */
    record Settings(List<Objective> objectives, int offspring, double crossoverProbability, int screening,
                    int nicheElites, int polish, Refit refit, int levelTopK, int levelSweep, int climb,
                    double climbShare) {
        Settings {
            objectives = List.copyOf(objectives);
        }
    }

    /** Default {@link Builder#climbShare}. */
    public static final double DEFAULT_CLIMB_SHARE = 0.3;

    /** A builder with the defaults given on each setter. */
    public static Builder builder() {
        return new Builder();
    }

    /** The first generation ranked by the final predictor ({@code iterations} when it never ranks). */
    public int switchIteration() {
        return switchAt;
    }

    /** The efficiency objectives, in the order given. */
    public List<Objective> objectives() {
        return settings.objectives();
    }

    /**
     * Runs the search (continuing its checkpoint when one is configured and exists) and returns the front.
     *
     * @throws SearchException when the constraints cannot be met within {@code maxTries}, a predictor fails or
     *                         returns a non-finite score, an objective is not finite, or a checkpoint cannot be
     *                         written or was written by another configuration
     */
    public ParetoResult search() {
        return new ParetoEngine(plan, settings).run();
    }

    /**
     * Continues the run saved in {@code checkpoint} by this same configuration; the result equals that of an
     * uninterrupted run (wall time aside) and no predictor call already made is repeated.
     *
     * @throws SearchException when the file cannot be read or was written by a different configuration
     */
    public ParetoResult resumeSearch(Path checkpoint) {
        return new ParetoEngine(plan, settings).resume(AbstractSearchBuilder.requireArg("checkpoint", checkpoint,
                "a file path"));
    }

    /**
     * As {@link #search()}, as a {@link SearchResult} whose {@code paretoFront} is the front.
     *
     * @throws SearchException as {@link #search()}
     */
    @Override
    public SearchResult run() {
        return search().search();
    }

    /**
     * As {@link #resumeSearch(Path)}, as a {@link SearchResult}.
     *
     * @throws SearchException as {@link #resumeSearch(Path)}
     */
    @Override
    public SearchResult resume(Path checkpoint) {
        return resumeSearch(checkpoint).search();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + fingerprint(plan, settings);
    }

    static Map<String, String> fingerprint(Plan plan, Settings settings) {
        Map<String, String> f = plan.fingerprint();
        f.put("objectives", settings.objectives().stream().map(Objective::description).toList().toString());
        f.put("offspring", String.valueOf(settings.offspring()));
        f.put("crossoverProbability", String.valueOf(settings.crossoverProbability()));
        f.put("screening", String.valueOf(settings.screening()));
        f.put("nicheElites", String.valueOf(settings.nicheElites()));
        f.put("polish", String.valueOf(settings.polish()));
        f.put("refit", settings.refit() == null ? "none" : settings.refit().name());
        f.put("levelTopK", String.valueOf(settings.levelTopK()));
        if (settings.levelSweep() > 0) {
            // only when set, so checkpoints written before the setting existed still resume
            f.put("levelSweep", String.valueOf(settings.levelSweep()));
        }
        if (settings.climb() > 0) {
            f.put("climb", String.valueOf(settings.climb()));
            f.put("climbShare", String.valueOf(settings.climbShare()));
        }
        return f;
    }

    /** Builds a {@link MultiObjectiveSearch}; see the setters for defaults. */
    public static final class Builder extends AbstractSearchBuilder<Builder, MultiObjectiveSearch> {
        private PerformancePredictor initialPredictor;
        private PerformancePredictor finalPredictor;
        private final List<Objective> objectives = new ArrayList<>();
        private int iterations = 30;
        private int populationSize = 100;
        private Integer offspring;
        private double mutationProbability = 0.3;
        private double crossoverProbability = 0.9;
        private Integer switchAt;
        private Double switchAtFraction;
        private int budget;
        private int screening = 1;
        private int nicheElites;
        private int polish;
        private Refit refit;
        private int levelTopK;
        private int levelSweep;
        private int climb;
        private double climbShare = DEFAULT_CLIMB_SHARE;
        private Supplier<List<Architecture>> initialPopulation;

        private Builder() {
        }

        /**
         * The cheap predictor that ranks the generations before the switch (e.g. an XGBoost model distilled from
         * an LLM) and, with {@link #screening}, screens offspring afterwards. Optional; default: none, the final
         * predictor ranks every generation.
         */
        public Builder initialPredictor(PerformancePredictor predictor) {
            this.initialPredictor = requireArg("initialPredictor", predictor, "a PerformancePredictor");
            return this;
        }

        /**
         * The predictor whose score is the first objective of the front: it ranks the generations from the
         * switch on and scores every architecture of the result. Required; no default.
         */
        public Builder finalPredictor(PerformancePredictor predictor) {
            this.finalPredictor = requireArg("finalPredictor", predictor, "a PerformancePredictor");
            return this;
        }

        /** Adds an efficiency objective (e.g. {@code Objective.minimize("flops")}). At least one is required. */
        public Builder objective(Objective objective) {
            objectives.add(requireArg("objective", objective, "an Objective"));
            return this;
        }

        /** Number of generations (iterations); each scores one population. At least 1. Default: 30. */
        public Builder iterations(int iterations) {
            this.iterations = atLeast("iterations", iterations, 1);
            return this;
        }

        /** Survivors kept per generation (NSGA-II's N). At least 2. Default: 100. */
        public Builder populationSize(int populationSize) {
            this.populationSize = atLeast("populationSize", populationSize, 2);
            return this;
        }

        /** Offspring bred per generation. At least 1. Default: {@code populationSize}, as NSGA-II. */
        public Builder offspring(int offspring) {
            this.offspring = atLeast("offspring", offspring, 1);
            return this;
        }

        /** Probability that a mutation resamples each gene. In [0, 1]. Default: 0.3, as HAT. */
        public Builder mutationProbability(double probability) {
            this.mutationProbability = probability("mutationProbability", probability);
            return this;
        }

        /**
         * Probability that a child is the uniform crossover of its two tournament winners (otherwise a copy of
         * the first); the child is then mutated. In [0, 1]. Default: 0.9.
         */
        public Builder crossoverProbability(double probability) {
            this.crossoverProbability = probability("crossoverProbability", probability);
            return this;
        }

        /**
         * The first generation ranked by the final predictor (0-based); only with an initial predictor. In
         * [0, iterations]. Default: {@code iterations / 2}, as the paper. Conflicts with {@link #switchAtFraction}.
         */
        public Builder switchAt(int iteration) {
            this.switchAt = atLeast("switchAt", iteration, 0);
            return this;
        }

        /** The switch point as a fraction of the iterations (rounded down). In [0, 1]. Default: 0.5. */
        public Builder switchAtFraction(double fraction) {
            this.switchAtFraction = probability("switchAtFraction", fraction);
            return this;
        }

        /**
         * At most this many calls to the final predictor: the last generations breed fewer offspring, and the
         * run ends early once the budget is spent. At least {@code populationSize}, or 0 for no limit. Default: 0.
         */
        public Builder budget(int budget) {
            if (budget != 0 && budget < 1) {
                throw new IllegalArgumentException("budget: " + budget + " is not allowed; it must be 0 (no limit)"
                        + " or a positive number of final-predictor calls");
            }
            this.budget = budget;
            return this;
        }

        /**
         * From the switch on, each generation draws {@code factor} times its offspring as candidates, scores them
         * with the initial (cheap) predictor, and keeps the offspring count of them that NSGA-II ranks best under
         * the cheap score: the expensive predictor only sees candidates the cheap one found promising. Needs an
         * initial predictor. At least 1; default: 1, no screening.
         */
        public Builder screening(int factor) {
            this.screening = atLeast("screening", factor, 1);
            return this;
        }

        /**
         * Niche elitism for objectives with few distinct values (e.g. {@code cell-params} on NAS-Bench-201, 28
         * values): architectures with equal objective values form a niche, and the {@code m} best of every niche
         * (by NSGA-II's order: front, then crowding distance) rank as if on the first front in survivor
         * selection, tournaments and {@link #screening screening}. A niche whose best cell is still dominated by
         * a cheaper niche's keeps being searched instead of starving, so the run finds the best cell of every
         * efficiency level the true front visits. Pointless when every architecture has its own objective
         * values (then every niche holds one architecture and all of them are promoted). At least 0; default:
         * 0, plain NSGA-II.
         */
        public Builder nicheElites(int m) {
            this.nicheElites = atLeast("nicheElites", m, 0);
            return this;
        }

        /**
         * Front polishing by Pareto local search (Paquete, Chiarandini and Stützle, 2004) for the last
         * {@code calls} final-predictor calls of the {@link #budget budget}: once at most that many calls are
         * left, each generation's candidates are the unscored one-gene neighbours (one dimension set to another
         * of its choices) of the architectures scored so far, the front's first, instead of bred offspring
         * (bred ones fill up when the neighbourhoods are exhausted); with {@link #screening screening} the
         * cheap predictor picks among {@code factor} times the offspring count of them. It exploits spaces
         * whose score is locally smooth, as NAS-Bench-201's accuracy. Per-layer dimensions are not varied.
         * Needs a budget. At least 0; default: 0, no polishing.
         */
        public Builder polish(int calls) {
            this.polish = atLeast("polish", calls, 0);
            return this;
        }

        /**
         * Online refit of the cheap predictor on the expensive scores as they arrive: whenever the cheap predictor
         * picks candidates after the switch ({@link #screening screening}, and so {@link #polish polish} and
         * {@link #levelTopK per-level allocation}), {@code refit} is first fitted on every architecture the final
         * predictor has scored so far (cheap score, objective values -> final score; once there are at least 20)
         * and its prediction replaces the raw cheap score. It corrects a cheap predictor that ranks some regions
         * of the space (e.g. some efficiency levels) too low. Use {@link Refit#ridge(double)} or supply your own
         * (e.g. a gradient-boosted model); it must be deterministic. Needs screening. Default: none.
         *
         * @throws IllegalArgumentException when {@code refit} is null
         */
        public Builder refit(Refit refit) {
            this.refit = requireArg("refit", refit, "a Refit, e.g. Refit.ridge(1.0)");
            return this;
        }

        /**
         * Per-level budget allocation for objectives with few distinct values (e.g. {@code cell-params} on
         * NAS-Bench-201, 28 values): from the switch on, the screened candidates (plus as many random newcomers)
         * are grouped by objective values (levels), each candidate's predicted gain is its predicted score minus
         * the best score found so far at its level or a cheaper one, and, successive-halving style, the better half
         * of the levels (by their best gain) each receive the final predictor's calls for their {@code k} best
         * candidates, in rounds across levels; a level whose candidates stop promising gains drops out. The rest
         * of the offspring are taken in NSGA-II's order. The prediction is the {@link #refit refitted} one when a
         * refit is set (recommended: the raw cheap score is not on the final score's scale). Needs screening. At
         * least 0; default: 0, off.
         */
        public Builder levelTopK(int k) {
            this.levelTopK = atLeast("levelTopK", k, 0);
            return this;
        }

        /**
         * Level sweep for objectives with few distinct values (e.g. {@code cell-params} on NAS-Bench-201, 28
         * values, the cheapest of which hold over a thousand cells each) for the last {@code calls} final-predictor
         * calls of the {@link #budget budget}; they come after {@link #polish polishing}. Architectures with equal
         * objective values form a level. In each of these generations every level the final predictor has visited
         * is enumerated through level-preserving moves (one gene changed, or the values of two dimensions with the
         * same choices exchanged, as long as the objective values stay equal and the constraints hold; at most
         * 20,000 architectures per level), every member is scored by the initial (cheap) predictor, corrected by
         * the {@link #refit refit} when one is set, and the levels that could still improve the front (whose best
         * found or predicted score beats the best found at a cheaper level) share the generation's calls equally,
         * each on its best-predicted unscored members. It finds a level's best cell once the rest of the front is
         * stable, where breeding and local search rarely reach a large level's best. Needs a budget, screening (so
         * an initial predictor) and {@code calls <= budget}; meant for levels of at most a few thousand
         * architectures. At least 0; default: 0, off.
         */
        public Builder levelSweep(int calls) {
            this.levelSweep = atLeast("levelSweep", calls, 0);
            return this;
        }

        /**
         * Front climbing for the last {@code calls} final-predictor calls of the {@link #budget budget}: once at
         * most that many calls are left, {@link #climbShare share} of each generation's offspring go to local
         * search around the front the final predictor has found, the rest to the usual breeding (or
         * {@link #polish polishing}). The calls are shared equally between the front's levels (architectures
         * with equal objective values), cheapest first in each round; a level spends its share on the unscored
         * neighbours of its scored members, best member first: one gene set to another choice, or the values of
         * two dimensions with the same choices exchanged (on NAS-Bench-201, an operation moved to another edge),
         * kept when feasible and no worse than that member in any objective, best predicted first (by the
         * {@link #refit refit} when one is set, else the cheap score). So each front level's best cell is climbed
         * until it is a local optimum, then the next best, in a neighbourhood that keeps the cell's cost: the
         * exchange reaches in one move cells that one-gene moves reach only through an intermediate cell. A
         * generation that the {@link #levelSweep level sweep} fills has no climbing. Needs a budget, an initial
         * predictor that ranks at least the first generation (a switch above 0) and {@code calls <= budget};
         * {@link #build()} refuses anything else. At least 0; default: 0, off.
         *
         * <p>Measured on NAS-Bench-201 (accuracy against cell-params, 1,000 expensive calls, proxy teacher, seed
         * blocks 1–30 and 201–230 held out after tuning on 101–130): it lowers the front regret of the worst point
         * on cifar100 and imagenet16 and leaves cifar10's within 0.02; see {@code benchmarks/README-pareto.md},
         * "Front climbing".
         *
         * @throws IllegalArgumentException when {@code calls} is negative
         */
        public Builder climb(int calls) {
            this.climb = atLeast("climb", calls, 0);
            return this;
        }

        /**
         * The share of each generation's offspring that {@link #climb front climbing} takes while it is active
         * (rounded to the nearest call, so a share below half a call per generation climbs nothing; no effect
         * unless {@code climb > 0}). In (0, 1]; default: 0.3.
         *
         * @throws IllegalArgumentException when {@code share} is not in (0, 1]
         */
        public Builder climbShare(double share) {
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("climbShare: " + share + " is not allowed; it must be in (0, 1]");
            }
            this.climbShare = share;
            return this;
        }

        /**
         * Where the first population comes from (e.g. an LLM proposer); called once per run, never again on
         * resume. Architectures are canonicalized, those that break a constraint or repeat are dropped, missing
         * ones are random. Default: random architectures that satisfy the constraints.
         */
        public Builder initialPopulation(Supplier<List<Architecture>> initialPopulation) {
            this.initialPopulation = requireArg("initialPopulation", initialPopulation,
                    "a supplier of architectures");
            return this;
        }

        private static double probability(String field, double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(field + ": " + value + " is not allowed; it must be in [0, 1]");
            }
            return value;
        }

        /**
         * @throws IllegalStateException when a required setting is missing or settings conflict (no objective,
         *                               a space metric the space lacks, paretoMetric set, both switch settings,
         *                               a switch without initial predictor, a budget below the population,
         *                               screening without initial predictor, polish without a budget or above it,
         *                               refit, levelTopK or levelSweep without screening, levelSweep without a
         *                               budget or above it, climb without initial predictor, with the switch
         *                               at 0, without a budget or above it)
         */
        @Override
        public MultiObjectiveSearch build() {
            if (paretoMetric != null) {
                throw new IllegalStateException("paretoMetric: '" + paretoMetric + "' is set; a multi-objective"
                        + " search takes its metrics from objective(..) instead");
            }
            checkCommon();
            if (finalPredictor == null) {
                throw new IllegalStateException("finalPredictor: not set; call finalPredictor(..) with the predictor"
                        + " whose score the front reports");
            }
            if (objectives.isEmpty()) {
                throw new IllegalStateException("objectives: none; add at least one, e.g."
                        + " objective(Objective.minimize(\"flops\"))");
            }
            List<String> names = new ArrayList<>();
            for (Objective o : objectives) {
                if (o.function() == null && !space.metricNames().contains(o.metric())) {
                    throw new IllegalStateException("objective " + o.description() + ": metric '" + o.metric()
                            + "' is not one of " + space.metricNames() + " of space " + space.name()
                            + "; pass a function for user metrics");
                }
                if (names.contains(o.metric())) {
                    throw new IllegalStateException("objective " + o.metric() + ": given twice");
                }
                names.add(o.metric());
            }
            checkOneSwitch(switchAt, switchAtFraction);
            if (initialPredictor == null && (switchAt != null || switchAtFraction != null)) {
                throw new IllegalStateException("switchAt: set without initialPredictor; a switch needs a cheap"
                        + " predictor to switch from");
            }
            if (initialPredictor == null && screening > 1) {
                throw new IllegalStateException("screening: " + screening + " needs an initialPredictor to screen"
                        + " with");
            }
            if ((refit != null || levelTopK > 0) && screening < 2) {
                throw new IllegalStateException((refit != null ? "refit" : "levelTopK") + ": set with screening "
                        + screening + "; it acts where the cheap predictor screens candidates, so set screening(2)"
                        + " or more");
            }
            if (levelSweep > 0 && screening < 2) {
                throw new IllegalStateException("levelSweep: set with screening " + screening + "; it ranks each"
                        + " level's architectures with the cheap predictor, so set screening(2) or more");
            }
            if (levelSweep > 0 && (budget == 0 || levelSweep > budget)) {
                throw new IllegalStateException("levelSweep: " + levelSweep + " calls need a budget of at least that"
                        + " many; budget is " + (budget == 0 ? "not set" : String.valueOf(budget)));
            }
            if (climb > 0 && initialPredictor == null) {
                throw new IllegalStateException("climb: " + climb + " needs an initialPredictor; it orders each"
                        + " front cell's neighbours by the cheap score");
            }
            if (climb > 0 && (budget == 0 || climb > budget)) {
                throw new IllegalStateException("climb: " + climb + " calls need a budget of at least that many;"
                        + " budget is " + (budget == 0 ? "not set" : String.valueOf(budget)));
            }
            if (polish > 0 && (budget == 0 || polish > budget)) {
                throw new IllegalStateException("polish: " + polish + " calls need a budget of at least that many;"
                        + " budget is " + (budget == 0 ? "not set" : String.valueOf(budget)));
            }
            if (budget > 0 && budget < populationSize) {
                throw new IllegalStateException("budget: " + budget + " is below populationSize " + populationSize
                        + "; the final predictor must be able to score one population");
            }
            int at = initialPredictor == null ? 0 : switchIteration(switchAt, switchAtFraction, iterations);
            if (climb > 0 && at == 0) {
                throw new IllegalStateException("climb: " + climb + " needs the initial predictor to rank the first"
                        + " generations, but the switch is at 0; set switchAt above 0 or climb(0)");
            }
            if (at == iterations && budget > 0) {
                throw new IllegalStateException("budget: " + budget + " limits the final predictor, which never"
                        + " ranks (switchAt " + at + " = iterations)");
            }
            List<Plan.Phase> phases = new ArrayList<>();
            if (at > 0) {
                phases.add(new Plan.Phase(initialPredictor, 0));
            }
            if (at < iterations) {
                phases.add(new Plan.Phase(finalPredictor, at));
            }
            checkNames(phases);
            int children = offspring != null ? offspring : populationSize;
            Plan plan = new Plan("nsga2", space, constraints, phases, iterations, populationSize, populationSize,
                    0, mutationProbability, 0, 0, budget, true, seed, initialPopulation, listeners, executor,
                    checkpoint, null, null, maxTries);
            return new MultiObjectiveSearch(plan, new Settings(objectives, children, crossoverProbability, screening,
                    nicheElites, polish, refit, levelTopK, levelSweep, climb, climbShare),
                    at);
        }
    }
}
