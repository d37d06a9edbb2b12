package dev.llmnas.search;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Constraint;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchSpace;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The validated, immutable settings of one configured search; what the builders produce and the engine runs.
 *
 * @param phases       predictors with the iteration from which each ranks, ascending, the first from 0
 * @param freshSamples random architectures added to each new population (random search); never scored before
 * @param budget       random search: stop after this many architectures were scored; 0 for evolution
 * @param guided       HybridSearch's guided schedule for the expensive phase, or {@code null} (the paper's)
 */
record Plan(String strategy, SearchSpace space, List<Constraint> constraints, List<Phase> phases,
            int iterations, int populationSize, int parents, int mutations, double mutationProbability,
            int crossovers, int freshSamples, int budget, boolean deduplicate, long seed,
            Supplier<List<Architecture>> initialPopulation, List<SearchListener> listeners,
            ExecutorService executor, Path checkpoint, String paretoMetric,
            ToDoubleFunction<Architecture> paretoFunction, int maxTries, GuidedSchedule guided) {

    /** A plan without a guided schedule. */
    Plan(String strategy, SearchSpace space, List<Constraint> constraints, List<Phase> phases,
         int iterations, int populationSize, int parents, int mutations, double mutationProbability,
         int crossovers, int freshSamples, int budget, boolean deduplicate, long seed,
         Supplier<List<Architecture>> initialPopulation, List<SearchListener> listeners,
         ExecutorService executor, Path checkpoint, String paretoMetric,
         ToDoubleFunction<Architecture> paretoFunction, int maxTries) {
        this(strategy, space, constraints, phases, iterations, populationSize, parents, mutations,
                mutationProbability, crossovers, freshSamples, budget, deduplicate, seed, initialPopulation,
                listeners, executor, checkpoint, paretoMetric, paretoFunction, maxTries, null);
    }

    Plan {
        constraints = List.copyOf(constraints);
        phases = List.copyOf(phases);
        listeners = List.copyOf(listeners);
    }

    /** A predictor and the first iteration it ranks. */
    record Phase(PerformancePredictor predictor, int firstIteration) {
    }

    int phaseIndexAt(int iteration) {
        int index = 0;
        for (int i = 0; i < phases.size(); i++) {
            if (iteration >= phases.get(i).firstIteration()) {
                index = i;
            }
        }
        return index;
    }

    PerformancePredictor predictorAt(int iteration) {
        return phases.get(phaseIndexAt(iteration)).predictor();
    }

    /** The predictor of the last phase, whose scores the result reports. */
    PerformancePredictor finalPredictor() {
        return phases.get(phases.size() - 1).predictor();
    }

    /** The fingerprint entry of the space: {@link SearchSpace#fingerprint()}, its definition, not its name. */
    static final String SPACE_KEY = "space";

    /**
     * Everything that decides a run's outcome, as text. A checkpoint stores it, and resuming with a
     * configuration whose fingerprint differs is refused (the resumed run could not match an uninterrupted one).
     * The space enters by its definition's fingerprint, so a space of the same name with other dimensions, choices
     * (or their order) or metrics is told apart.
     */
    Map<String, String> fingerprint() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("strategy", strategy);
        f.put(SPACE_KEY, space.fingerprint());
        f.put("spaceName", space.name());   // for people reading a checkpoint or a study; the definition decides
        f.put("iterations", String.valueOf(iterations));
        f.put("populationSize", String.valueOf(populationSize));
        f.put("parents", String.valueOf(parents));
        f.put("mutations", String.valueOf(mutations));
        f.put("mutationProbability", String.valueOf(mutationProbability));
        f.put("crossovers", String.valueOf(crossovers));
        f.put("freshSamples", String.valueOf(freshSamples));
        f.put("budget", String.valueOf(budget));
        f.put("deduplicate", String.valueOf(deduplicate));
        f.put("seed", String.valueOf(seed));
        f.put("maxTries", String.valueOf(maxTries));
        StringBuilder ph = new StringBuilder();
        for (Phase p : phases) {
            if (ph.length() > 0) {
                ph.append(", ");
            }
            ph.append(p.predictor().name()).append(" from ").append(p.firstIteration());
        }
        f.put("phases", ph.toString());
        f.put("constraints", constraints.stream().map(Constraint::description).toList().toString());
        f.put("initialPopulation", initialPopulation == null ? "random" : "supplied");
        if (guided != null) {
            // only guided runs carry the entry, so checkpoints of the paper's schedule stay resumable
            f.put("guided", guided.describe());
        }
        return f;
    }
}
