package dev.llmnas.search;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.metrics.PredictorMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The engine side of a {@link GuidedSchedule}: screened breeding for the expensive phase and the early stop.
 * {@link Engine} calls it; one per run, confined to the run's thread.
 */
final class GuidedBreeding {
    private final Plan plan;
    private final Engine engine;
    private final GuidedSchedule guided;
    private final PerformancePredictor cheap;
    private final PerformancePredictor expensive;

    GuidedBreeding(Plan plan, Engine engine) {
        this.plan = plan;
        this.engine = engine;
        this.guided = plan.guided();
        this.cheap = plan.phases().get(0).predictor();
        this.expensive = plan.finalPredictor();
    }

    /** Whether the guided schedule applies to iteration {@code next} (its phase is the expensive one). */
    boolean screens(int next) {
        return plan.phases().size() > 1 && plan.phaseIndexAt(next) == plan.phases().size() - 1;
    }

    /**
     * The population of iteration {@code next}: the best {@code parents} of {@code ranked} plus the offspring
     * chosen among {@code screening} breeds ({@link GuidedSchedule#callsFor} of them: the refit's best, then the raw
     * cheap predictor's).
     */
    List<Architecture> breed(int next, List<Architecture> ranked, RunState state, Xoshiro256 random,
                             CheckpointStore store) {
        int k = Math.min(plan.parents(), ranked.size());
        Map<Architecture, Double> scored = state.cache(expensive.name());
        Set<Architecture> pool = new LinkedHashSet<>();
        for (int round = 0; round < guided.screening(); round++) {
            List<Architecture> bred = engine.breed(next, ranked, state, random);
            for (Architecture a : bred.subList(k, bred.size())) {
                if (!scored.containsKey(a)) {
                    pool.add(a);
                }
            }
        }
        List<Architecture> parents = ranked.subList(0, k);
        pool.removeAll(parents);
        List<Architecture> candidates = new ArrayList<>(pool);
        // everything the expensive predictor has scored, with its cheap score: the refit's samples and the agreement
        List<Refit.Sample> samples = samples(next - 1, state, store);
        int calls = guided.callsFor(samples == null ? Double.NaN : agreement(samples));
        List<Architecture> population = new ArrayList<>(k + calls);
        population.addAll(parents);
        if (candidates.size() <= calls) {
            population.addAll(candidates);
            return population;
        }
        Map<Architecture, Double> cheapCache = state.cache(cheap.name());
        engine.score(next - 1, cheap, candidates, cheapCache, store);
        double[] predicted = new double[candidates.size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = cheapCache.get(candidates.get(i));
        }
        double[] raw = predicted.clone();
        Refit.Model model = samples == null || guided.refit() == null ? null
                : guided.refit().fit(plan.space(), samples);
        int rawPicks = guided.rawPicks(calls);
        if (model != null) {
            for (int i = 0; i < predicted.length; i++) {
                Architecture a = candidates.get(i);
                predicted[i] = model.predict(a, predicted[i], objectives(a));
                if (!Double.isFinite(predicted[i])) {
                    throw new SearchException("refit " + guided.refit().name() + ": predicted " + predicted[i]
                            + " for " + a.key() + "; predictions must be finite");
                }
            }
        } else {
            rawPicks = calls;
        }
        boolean[] taken = new boolean[candidates.size()];
        // the refit's best first, then the raw cheap score's best among the rest
        pick(predicted, model == null ? cheap.direction() : expensive.direction(), calls - rawPicks, taken,
                candidates, population);
        pick(raw, cheap.direction(), rawPicks, taken, candidates, population);
        return population;
    }

    /**
     * Kendall's tau-b between the cheap and the expensive scores of the samples, sign-corrected so that it is
     * positive when both predictors rank alike even if one minimises and the other maximises; NaN when either side
     * is constant.
     */
    private double agreement(List<Refit.Sample> samples) {
        double[] c = new double[samples.size()];
        double[] e = new double[samples.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = samples.get(i).cheapScore();
            e[i] = samples.get(i).score();
        }
        double tau = PredictorMetrics.kendallTau(e, c);
        return cheap.direction() == expensive.direction() ? tau : -tau;
    }

    /** Adds the {@code count} best untaken candidates by {@code score} to {@code population}, marking them taken. */
    private static void pick(double[] score, Direction direction, int count, boolean[] taken,
                             List<Architecture> candidates, List<Architecture> population) {
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // stable: ties keep breeding order, which the seed fixes
        Arrays.sort(order, (a, b) -> direction.compareBetter(score[b], score[a]));
        int added = 0;
        for (int i = 0; i < order.length && added < count; i++) {
            if (!taken[order[i]]) {
                taken[order[i]] = true;
                population.add(candidates.get(order[i]));
                added++;
            }
        }
    }

    /**
     * Every architecture the expensive predictor scored so far, ordered by key, with its cheap score (the cheap
     * predictor scores those it has not yet), or {@code null} below {@link GuidedSchedule#REFIT_MIN_SAMPLES}.
     */
    private List<Refit.Sample> samples(int iteration, RunState state, CheckpointStore store) {
        if (state.cache(expensive.name()).size() < GuidedSchedule.REFIT_MIN_SAMPLES
                || (guided.refit() == null && guided.disagreement() == null)) {
            return null;
        }
        return engine.refitSamples(iteration, cheap, expensive, state, store, this::objectives);
    }

    /** The space's metrics, in name order: the refit's extra features. */
    private double[] objectives(Architecture a) {
        Map<String, Double> m = new TreeMap<>(plan.space().metrics(a));
        return m.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Whether the run stops after {@code iteration}: it ranked by the expensive predictor and the best expensive
     * score has not improved over the last {@code patience} expensive generations.
     */
    boolean stopsAfter(int iteration, List<SearchResult.IterationStats> history) {
        int patience = guided.patience();
        if (patience == 0 || !screens(iteration)) {
            return false;
        }
        List<SearchResult.IterationStats> expensiveOnes = history.stream()
                .filter(s -> s.predictor().equals(expensive.name())).toList();
        int n = expensiveOnes.size();
        if (n <= patience) {
            return false;
        }
        double before = expensiveOnes.get(n - 1 - patience).bestScore();
        double now = expensiveOnes.get(n - 1).bestScore();
        return !expensive.direction().isBetter(now, before);
    }
}
