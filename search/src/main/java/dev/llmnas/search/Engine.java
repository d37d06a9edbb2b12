package dev.llmnas.search;

import dev.llmnas.core.AbstractPerformancePredictor;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.Constraint;
import dev.llmnas.core.ConstraintException;
import dev.llmnas.core.Direction;
import dev.llmnas.core.InvalidArchitectureException;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.ScoredArchitecture;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Plan}: the evolutionary loop shared by every strategy. One engine per run; not thread-safe.
 *
 * <p>An iteration scores its population with the phase's predictor (only architectures that predictor has not
 * scored in this run reach it), ranks it by that predictor's direction, records statistics, keeps the best
 * parents and breeds the next population; then it checkpoints and tells the listeners. Randomness is consumed
 * only while breeding, on this thread, so parallel scoring cannot change a run.
 */
final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** Repeated crossovers tolerated, when deduplicating, before a mutation takes the crossover's place. */
    static final int CROSSOVER_REPEATS = 100;
    /** Candidates repaired, after {@code maxTries} draws found none, before a draw gives up. */
    static final int REPAIR_ATTEMPTS = 100;
    /** One-step moves a single repair makes at most. */
    static final int REPAIR_STEPS = 1_000;

    private final Plan plan;
    private final SearchSpace space;
    /** Bounds on the space's own metrics: checked together with one metrics computation per candidate. */
    private final Constraint.MetricBound[] spaceBounds;
    private final Constraint[] otherConstraints;
    /** Bounds on user-supplied metrics: repair can move toward them too. */
    private final Constraint.MetricBound[] functionBounds;
    private final String constraintWords;
    /** HybridSearch's guided schedule, or null. */
    private final GuidedBreeding guided;

    Engine(Plan plan) {
        this.plan = plan;
        this.space = plan.space();
        List<Constraint.MetricBound> bounds = new ArrayList<>();
        List<Constraint> others = new ArrayList<>();
        for (Constraint c : plan.constraints()) {
            c.asMetricBound().filter(Constraint.MetricBound::onSpaceMetric)
                    .ifPresentOrElse(bounds::add, () -> others.add(c));
        }
        this.spaceBounds = bounds.toArray(new Constraint.MetricBound[0]);
        this.otherConstraints = others.toArray(new Constraint[0]);
        this.functionBounds = others.stream().flatMap(c -> c.asMetricBound().stream())
                .toArray(Constraint.MetricBound[]::new);
        this.constraintWords = plan.constraints().stream().map(Constraint::description).toList().toString();
        this.guided = plan.guided() == null ? null : new GuidedBreeding(plan, this);
    }

    SearchResult run() {
        if (plan.checkpoint() != null && Files.exists(plan.checkpoint())) {
            // never destroy computed work: a checkpoint of this configuration is continued (a finished one just
            // returns its result, identical to a rerun since runs are deterministic); another one is refused
            return resume(plan.checkpoint());
        }
        Start s = fresh(plan.fingerprint());
        return loop(s.state(), s.random(), s.store(), s.started());
    }

    /** A run ready for its loop: state, random generator, checkpoint store (or null) and start time. */
    record Start(RunState state, Xoshiro256 random, CheckpointStore store, long started) {
    }

    /** A new run: the first population drawn and, with a checkpoint, saved under {@code fingerprint}. */
    Start fresh(Map<String, String> fingerprint) {
        long started = System.nanoTime();
        CheckpointStore store = null;
        if (plan.checkpoint() != null) {
            store = new CheckpointStore(plan.checkpoint(), fingerprint);
            store.reset();
        }
        RunState state = new RunState(plan);
        Xoshiro256 random = new Xoshiro256(plan.seed());
        state.population = initialPopulation(state, random);
        state.random = random.state();
        state.callsAtIterationStart = state.callCounts();
        if (store != null) {
            // the first population is saved before any call, so a supplier such as an LLM is never asked twice
            store.save(state, System.nanoTime() - started);
        }
        return new Start(state, random, store, started);
    }

    SearchResult resume(Path file) {
        Start s = resumed(file, plan.fingerprint());
        return loop(s.state(), s.random(), s.store(), s.started());
    }

    /** A run continued from {@code file}, which must have been written under {@code fingerprint}. */
    Start resumed(Path file, Map<String, String> fingerprint) {
        long started = System.nanoTime();
        RunState state = CheckpointStore.load(file, plan, fingerprint);
        CheckpointStore store = new CheckpointStore(plan.checkpoint() != null ? plan.checkpoint() : file,
                fingerprint);
        // folds the recovered journal into a fresh snapshot at once, wherever checkpoints now go
        store.save(state, state.elapsedNanosBefore);
        return new Start(state, Xoshiro256.ofState(state.random), store, started);
    }

    private SearchResult loop(RunState state, Xoshiro256 random, CheckpointStore store, long started) {
        for (SearchListener l : plan.listeners()) {
            l.searchStarted(plan.strategy(), plan.iterations(), state.nextIteration);
        }
        while (!state.finished) {
            int iteration = state.nextIteration;
            int phase = plan.phaseIndexAt(iteration);
            PerformancePredictor predictor = plan.phases().get(phase).predictor();
            Map<Architecture, Double> cache = state.cache(predictor.name());
            score(iteration, predictor, state.population, cache, store);

            List<Architecture> population = state.population;
            int n = population.size();
            double[] scores = new double[n];
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                scores[i] = cache.get(population.get(i));
                order[i] = i;
            }
            Direction direction = predictor.direction();
            // stable: ties keep population order, which the seed fixes
            Arrays.sort(order, (a, b) -> direction.compareBetter(scores[b], scores[a]));
            List<Architecture> ranked = new ArrayList<>(n);
            double[] rankedScores = new double[n];
            for (int i = 0; i < n; i++) {
                ranked.add(population.get(order[i]));
                rankedScores[i] = scores[order[i]];
            }
            long newCalls = cache.size() - state.callsAtIterationStart.getOrDefault(predictor.name(), 0L);
            SearchResult.IterationStats stats = new SearchResult.IterationStats(iteration, predictor.name(),
                    rankedScores[0], median(rankedScores), ranked.get(0), newCalls);
            state.history.add(stats);

            if (iteration == plan.iterations() - 1 || (guided != null && guided.stopsAfter(iteration, state.history))) {
                // random search carries its batch of best-so-far parents on top of each fresh batch: report a batch
                state.population = List.copyOf(ranked.subList(0, Math.min(plan.populationSize(), n)));
                state.finished = true;
            } else if (guided != null && guided.screens(iteration + 1)) {
                state.population = guided.breed(iteration + 1, ranked, state, random, store);
            } else {
                state.population = breed(iteration + 1, ranked, state, random);
            }
            state.nextIteration = iteration + 1;
            state.random = random.state();
            state.callsAtIterationStart = state.callCounts();
            long elapsed = state.elapsedNanosBefore + (System.nanoTime() - started);
            if (store != null) {
                store.save(state, elapsed);
            }
            if (!plan.listeners().isEmpty()) {
                SearchProgress progress = new SearchProgress(plan.strategy(), iteration, plan.iterations(), phase,
                        predictor.name(), stats, scored(ranked.get(0), rankedScores[0], predictor.name()),
                        state.callCounts(), Duration.ofNanos(elapsed));
                for (SearchListener l : plan.listeners()) {
                    l.iterationFinished(progress);
                }
            }
        }
        SearchResult result = result(state, state.elapsedNanosBefore + (System.nanoTime() - started));
        for (SearchListener l : plan.listeners()) {
            l.searchFinished(result);
        }
        return result;
    }

    // ---- populations ------------------------------------------------------------------------------------

    List<Architecture> initialPopulation(RunState state, Xoshiro256 random) {
        int size = plan.budget() > 0 ? Math.min(plan.populationSize(), plan.budget()) : plan.populationSize();
        Set<Architecture> seen = plan.deduplicate() ? new HashSet<>() : null;
        List<Architecture> population = new ArrayList<>(size);
        Supplier<List<Architecture>> supplier = plan.initialPopulation();
        if (supplier != null) {
            List<Architecture> supplied = supplier.get();
            if (supplied == null) {
                throw new SearchException("initialPopulation: the supplier returned null; return a (possibly empty)"
                        + " list of architectures");
            }
            int infeasible = 0;
            int repeated = 0;
            for (int i = 0; i < supplied.size() && population.size() < size; i++) {
                Architecture a = supplied.get(i);
                if (a == null) {
                    throw new SearchException("initialPopulation: architecture " + i + " is null");
                }
                Architecture c;
                try {
                    c = space.canonicalize(a);
                } catch (InvalidArchitectureException e) {
                    throw new SearchException("initialPopulation: architecture " + i + " is not in space "
                            + space.name() + ": " + e.getMessage(), e);
                }
                if (!feasible(0, c)) {
                    infeasible++;
                } else if (seen != null && !seen.add(c)) {
                    repeated++;
                } else {
                    population.add(c);
                }
            }
            if (infeasible > 0 || repeated > 0) {
                LOG.warn("initialPopulation: dropped {} supplied architectures that break {} and {} repeated ones",
                        infeasible, constraintWords, repeated);
            }
            if (population.size() < size) {
                LOG.info("initialPopulation: {} supplied architectures kept, {} random ones added", population.size(),
                        size - population.size());
            }
        }
        while (population.size() < size) {
            population.add(draw(0, "random initial architecture", () -> space.sample(random), seen, null,
                    Integer.MAX_VALUE, random));
        }
        return population;
    }

    List<Architecture> breed(int next, List<Architecture> ranked, RunState state, Xoshiro256 random) {
        int k = Math.min(plan.parents(), ranked.size());
        List<Architecture> parents = List.copyOf(ranked.subList(0, k));
        int fresh = plan.freshSamples();
        Map<Architecture, Double> scored = null;
        if (fresh > 0) {
            scored = state.cache(plan.predictorAt(next).name());
            if (plan.budget() > 0) {
                fresh = Math.max(0, Math.min(fresh, plan.budget() - scored.size()));
            }
        }
        List<Architecture> population = new ArrayList<>(k + plan.mutations() + plan.crossovers() + fresh);
        population.addAll(parents);
        Set<Architecture> seen = plan.deduplicate() ? new HashSet<>(parents) : null;
        double p = plan.mutationProbability();
        Supplier<Architecture> mutation = () -> space.mutate(parents.get(random.nextInt(k)), p, random);
        for (int m = 0; m < plan.mutations(); m++) {
            population.add(draw(next, "mutation", mutation, seen, null, Integer.MAX_VALUE, random));
        }
        Supplier<Architecture> crossover = () -> {
            int a = random.nextInt(k);
            int b = a;
            if (k > 1) {
                b = random.nextInt(k - 1);
                b += b >= a ? 1 : 0;
            }
            return space.crossover(parents.get(a), parents.get(b), random);
        };
        for (int c = 0; c < plan.crossovers(); c++) {
            // parents that have converged may have too few distinct crossovers to fill the population without
            // repeats; then a mutation, which can always leave the parents' span, takes the place
            Architecture child = draw(next, "crossover", crossover, seen, null,
                    seen == null ? Integer.MAX_VALUE : CROSSOVER_REPEATS, random);
            population.add(child != null ? child
                    : draw(next, "mutation", mutation, seen, null, Integer.MAX_VALUE, random));
        }
        for (int f = 0; f < fresh; f++) {
            population.add(draw(next, "new random architecture", () -> space.sample(random), seen, scored,
                    Integer.MAX_VALUE, random));
        }
        return population;
    }

    /**
     * Draws candidates until one satisfies every constraint and is new where required: not in {@code seen}
     * (the population so far, when deduplicating) and not in {@code scored}. After {@code maxTries} draws without
     * one, repairs up to {@link #REPAIR_ATTEMPTS} further draws toward the metric bounds (see {@link #repair});
     * then gives up with a {@link SamplingException}. Returns {@code null} once {@code repeatLimit} feasible
     * candidates were repeats.
     */
    Architecture draw(int iteration, String what, Supplier<Architecture> generator, Set<Architecture> seen,
                              Map<Architecture, Double> scored, int repeatLimit, Xoshiro256 random) {
        int infeasible = 0;
        int repeated = 0;
        for (int t = 0; t < plan.maxTries(); t++) {
            Architecture c = space.canonicalize(generator.get());
            if (!feasible(iteration, c)) {
                infeasible++;
            } else if (isRepeat(c, seen, scored)) {
                // a caller with a fallback (a crossover falls back to a mutation) gets null before tries run out
                if (++repeated >= Math.min(repeatLimit, plan.maxTries())) {
                    return null;
                }
            } else {
                return accept(c, seen);
            }
        }
        int repaired = 0;
        if (infeasible > 0 && (spaceBounds.length > 0 || functionBounds.length > 0)) {
            // rare feasible candidates (a tight bound) are reached by walking draws toward the bound instead
            for (int r = 0; r < REPAIR_ATTEMPTS; r++) {
                Architecture c = repair(iteration, space.canonicalize(generator.get()), random);
                if (c != null && !isRepeat(c, seen, scored)) {
                    LOG.debug("iteration {}: a {} was repaired toward the bounds ({} attempts)", iteration, what, r + 1);
                    return accept(c, seen);
                }
                repaired++;
            }
        }
        throw new SamplingException("iteration " + iteration + ": no " + what + " found in " + plan.maxTries()
                + " tries" + (repaired > 0 ? " and " + repaired + " repairs toward the bounds" : "") + ": "
                + infeasible + " broke the constraints " + constraintWords + " and " + repeated + " were repeats"
                + (scored != null ? " of architectures already scored" : " within the population")
                + "; feasible architectures may be too rare in space " + space.name()
                + (repeated > 0 ? ", too few distinct ones may be left" : "") + " or the constraints may"
                + " exclude each other (raise maxTries, relax the constraints"
                + (seen != null ? ", turn deduplication off" : "") + (plan.budget() > 0 ? ", lower the budget" : "")
                + ")", plan.maxTries(), constraintWords);
    }

    private static boolean isRepeat(Architecture c, Set<Architecture> seen, Map<Architecture, Double> scored) {
        return (seen != null && seen.contains(c)) || (scored != null && scored.containsKey(c));
    }

    private static Architecture accept(Architecture c, Set<Architecture> seen) {
        if (seen != null) {
            seen.add(c);
        }
        return c;
    }

    /**
     * Walks an infeasible candidate toward the metric bounds: each step moves to a neighbour
     * ({@link SearchSpace#neighbours}) chosen at random among those with a smaller total violation
     * ({@link Constraint.MetricBound#violation}), so repaired candidates stay varied. Returns the first candidate
     * that satisfies every constraint, or {@code null} when no neighbour improves or other constraints still fail.
     */
    private Architecture repair(int iteration, Architecture start, Xoshiro256 random) {
        Architecture c = start;
        double v = violation(iteration, c);
        for (int step = 0; step < REPAIR_STEPS; step++) {
            if (v == 0) {
                return feasible(iteration, c) ? c : null;
            }
            List<Architecture> better = new ArrayList<>();
            List<Double> violations = new ArrayList<>();
            for (Architecture n : space.neighbours(c)) {
                double nv = violation(iteration, n);
                if (nv < v) {
                    better.add(n);
                    violations.add(nv);
                }
            }
            if (better.isEmpty()) {
                return null;
            }
            int pick = random.nextInt(better.size());
            c = better.get(pick);
            v = violations.get(pick);
        }
        return null;
    }

    /** The summed relative violation of every metric bound; 0 when all are met. */
    private double violation(int iteration, Architecture a) {
        double total = 0;
        try {
            if (spaceBounds.length > 0) {
                Map<String, Double> metrics = space.metrics(a);
                for (Constraint.MetricBound b : spaceBounds) {
                    double value = metrics.get(b.metric());
                    b.accepts(value, a);
                    total += b.violation(value);
                }
            }
            for (Constraint.MetricBound b : functionBounds) {
                total += b.violation(b.value(a, space));
            }
        } catch (ConstraintException e) {
            throw new SearchException("iteration " + iteration + ": " + e.getMessage(), e);
        }
        return total;
    }

    /**
     * Whether a candidate meets every constraint.
     *
     * @throws SearchException naming the iteration, the constraint and the architecture when a constraint's
     *                         metric is not finite (never counted as infeasible)
     */
    boolean feasible(int iteration, Architecture a) {
        try {
            if (spaceBounds.length > 0) {
                Map<String, Double> metrics = space.metrics(a);
                for (Constraint.MetricBound b : spaceBounds) {
                    if (!b.accepts(metrics.get(b.metric()), a)) {
                        return false;
                    }
                }
            }
            for (Constraint c : otherConstraints) {
                if (!c.isSatisfiedBy(a, space)) {
                    return false;
                }
            }
        } catch (ConstraintException e) {
            throw new SearchException("iteration " + iteration + ": " + e.getMessage(), e);
        }
        return true;
    }

    // ---- scoring ----------------------------------------------------------------------------------------

    /**
     * The online refit's samples ({@link Refit}): every architecture the expensive predictor has scored in this run,
     * ordered by key, with its cheap score (the cheap predictor scores those it has not scored yet) and
     * {@code features} as its objective values.
     */
    List<Refit.Sample> refitSamples(int iteration, PerformancePredictor cheap, PerformancePredictor expensive,
                                    RunState state, CheckpointStore store,
                                    Function<Architecture, double[]> features) {
        Map<Architecture, Double> scored = state.cache(expensive.name());
        List<Architecture> keys = new ArrayList<>(scored.keySet());
        keys.sort(Comparator.comparing(Architecture::key));
        Map<Architecture, Double> cheapCache = state.cache(cheap.name());
        score(iteration, cheap, keys, cheapCache, store);
        List<Refit.Sample> samples = new ArrayList<>(keys.size());
        for (Architecture a : keys) {
            samples.add(new Refit.Sample(a, cheapCache.get(a), features.apply(a), scored.get(a)));
        }
        return samples;
    }

    /** Scores every architecture of the population that the predictor has not scored yet in this run. */
    void score(int iteration, PerformancePredictor given, List<Architecture> population,
                       Map<Architecture, Double> cache, CheckpointStore store) {
        // through the predictor skeleton: scores are finite, failures are PredictionExceptions naming the
        // predictor and the architecture (a predictor that extends it is used as it is)
        PerformancePredictor predictor = AbstractPerformancePredictor.checked(given);
        List<Architecture> todo = new ArrayList<>();
        Set<Architecture> pending = new HashSet<>();
        for (Architecture a : population) {
            if (!cache.containsKey(a) && pending.add(a)) {
                todo.add(a);
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        if (plan.executor() != null) {
            scoreInParallel(iteration, predictor, todo, cache, store);
        } else if (store != null) {
            // one call at a time, each journaled as it returns: a kill loses no finished call
            for (Architecture a : todo) {
                double v = call(iteration, predictor, a, store);
                cache.put(a, v);
            }
        } else {
            double[] values;
            try {
                values = predictor.predictAll(todo);
            } catch (RuntimeException e) {
                throw new SearchException("iteration " + iteration + ": predictor '" + predictor.name()
                        + "' failed scoring " + todo.size() + " architectures: " + e.getMessage(), e);
            }
            for (int i = 0; i < values.length; i++) {
                cache.put(todo.get(i), values[i]);
            }
        }
    }

    private void scoreInParallel(int iteration, PerformancePredictor predictor, List<Architecture> todo,
                                 Map<Architecture, Double> cache, CheckpointStore store) {
        List<Future<Double>> futures = new ArrayList<>(todo.size());
        try {
            for (Architecture a : todo) {
                futures.add(plan.executor().submit(() -> call(iteration, predictor, a, store)));
            }
        } catch (RejectedExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            throw new SearchException("iteration " + iteration + ": the executor rejected a scoring task (is it shut"
                    + " down?)", e);
        }
        RuntimeException first = null;
        for (int i = 0; i < futures.size(); i++) {
            try {
                double v = futures.get(i).get();
                cache.put(todo.get(i), v);
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException r ? r
                            : new SearchException("iteration " + iteration + ": predictor '" + predictor.name()
                            + "' failed on " + todo.get(i).key() + ": " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                throw new SearchException("iteration " + iteration + ": interrupted while scoring", e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private double call(int iteration, PerformancePredictor predictor, Architecture a, CheckpointStore store) {
        double v;
        try {
            v = predictor.predict(a);
        } catch (RuntimeException e) {
            // the skeleton's PredictionException names the predictor and the architecture
            throw new SearchException("iteration " + iteration + ": " + e.getMessage()
                    + (store != null ? " (the calls already made are in the checkpoint journal; resume to retry)" : ""),
                    e);
        }
        if (store != null) {
            store.journal(predictor.name(), iteration, a, v);
        }
        return v;
    }

    // ---- results ----------------------------------------------------------------------------------------

    private SearchResult result(RunState state, long elapsedNanos) {
        PerformancePredictor last = plan.finalPredictor();
        Map<Architecture, Double> cache = state.cache(last.name());
        List<ScoredArchitecture> population = new ArrayList<>(state.population.size());
        for (Architecture a : state.population) {
            population.add(scored(a, cache.get(a), last.name()));
        }
        return new SearchResult(plan.strategy(), population.get(0), population, state.history, state.callCounts(),
                ParetoFronts.front(plan, cache, last, this::scored), Duration.ofNanos(elapsedNanos));
    }

    /** The architecture with its score, the space's metrics, user-metric constraints and the Pareto metric. */
    ScoredArchitecture scored(Architecture a, double score, String predictor) {
        Map<String, Double> metrics = new LinkedHashMap<>(space.metrics(a));
        for (Constraint.MetricBound b : functionBounds) {
            metrics.put(b.metric(), b.value(a, space));
        }
        ParetoFronts.addMetric(plan, a, metrics);
        return new ScoredArchitecture(a, score, predictor, metrics);
    }

    static double median(double[] values) {
        return new Median().evaluate(values);
    }
}
