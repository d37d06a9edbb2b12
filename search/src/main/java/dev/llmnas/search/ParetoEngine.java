package dev.llmnas.search;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Dimension;
import dev.llmnas.core.Direction;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Runs one NSGA-II {@link Plan}: the generational loop of {@link MultiObjectiveSearch}. It reuses the
 * {@link Engine}'s pieces (initial population, constrained and deduplicated drawing, cached and journaled
 * scoring) and the {@link CheckpointStore}; only selection and breeding differ. One engine per run.
 *
 * <p>The population an iteration scores is the previous survivors plus their offspring (just the initial
 * population in iteration 0). It is scored by the phase's predictor, sorted into non-dominated fronts over
 * (score, objectives) with crowding distance, and the best {@code populationSize} survive. Offspring come from
 * binary tournaments among the survivors (lower rank wins, then larger crowding distance), crossover with
 * probability {@code crossoverProbability}, then mutation; each satisfies the constraints and is new to the
 * predictor that will score it, so every offspring costs one call.
 */
final class ParetoEngine {
    /** Repeated offspring tolerated before a fresh random architecture is drawn instead. */
    private static final int REPEATS = 100;

    private final Plan plan;
    private final MultiObjectiveSearch.Settings mo;
    private final Engine engine;
    private final SearchSpace space;
    private final Map<String, String> fingerprint;
    private final Map<Architecture, double[]> objectiveValues = new HashMap<>();
    /** The level sweep's cells per level found so far (derived from the run state, never checkpointed). */
    private final Map<List<Double>, Set<Architecture>> levelCells = new HashMap<>();

    ParetoEngine(Plan plan, MultiObjectiveSearch.Settings mo) {
        this.plan = plan;
        this.mo = mo;
        this.engine = new Engine(plan);
        this.space = plan.space();
        this.fingerprint = MultiObjectiveSearch.fingerprint(plan, mo);
    }

    ParetoResult run() {
        if (plan.checkpoint() != null && Files.exists(plan.checkpoint())) {
            return resume(plan.checkpoint());
        }
        Engine.Start s = engine.fresh(fingerprint);
        return loop(s.state(), s.random(), s.store(), s.started());
    }

    ParetoResult resume(Path file) {
        Engine.Start s = engine.resumed(file, fingerprint);
        return loop(s.state(), s.random(), s.store(), s.started());
    }

    private ParetoResult loop(RunState state, Xoshiro256 random, CheckpointStore store, long started) {
        for (SearchListener l : plan.listeners()) {
            l.searchStarted(plan.strategy(), plan.iterations(), state.nextIteration);
        }
        while (!state.finished) {
            int iteration = state.nextIteration;
            int phase = plan.phaseIndexAt(iteration);
            PerformancePredictor predictor = plan.phases().get(phase).predictor();
            Map<Architecture, Double> cache = state.cache(predictor.name());
            engine.score(iteration, predictor, state.population, cache, store);

            List<Architecture> population = state.population;
            int n = population.size();
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                scores[i] = cache.get(population.get(i));
            }
            NonDominatedSorting.Ranking ranking = nicheRanking(population, NonDominatedSorting.ranking(
                    points(population, scores, predictor.direction())));
            int keep = Math.min(plan.populationSize(), n);
            List<Architecture> survivors = new ArrayList<>(keep);
            int[] rank = new int[keep];
            double[] crowding = new double[keep];
            double[] survivorScores = new double[keep];
            for (int i = 0; i < keep; i++) {
                int j = ranking.order()[i];
                survivors.add(population.get(j));
                rank[i] = ranking.rank()[j];
                crowding[i] = ranking.crowding()[j];
                survivorScores[i] = scores[j];
            }
            int bestIndex = 0;
            for (int i = 1; i < n; i++) {
                if (predictor.direction().isBetter(scores[i], scores[bestIndex])) {
                    bestIndex = i;
                }
            }
            long newCalls = cache.size() - state.callsAtIterationStart.getOrDefault(predictor.name(), 0L);
            SearchResult.IterationStats stats = new SearchResult.IterationStats(iteration, predictor.name(),
                    scores[bestIndex], Engine.median(scores), population.get(bestIndex), newCalls);
            state.history.add(stats);

            List<Architecture> next = null;
            if (iteration < plan.iterations() - 1) {
                next = breed(iteration + 1, survivors, rank, crowding, state, random, store);
            }
            if (next == null) {
                // last iteration, or the final predictor's budget is spent: the survivors are the result
                state.population = List.copyOf(survivors);
                state.finished = true;
            } else {
                state.population = next;
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
                        predictor.name(), stats, engine.scored(population.get(bestIndex), scores[bestIndex],
                        predictor.name()), state.callCounts(), Duration.ofNanos(elapsed));
                for (SearchListener l : plan.listeners()) {
                    l.iterationFinished(progress);
                }
            }
        }
        ParetoResult result = result(state, state.elapsedNanosBefore + (System.nanoTime() - started));
        for (SearchListener l : plan.listeners()) {
            l.searchFinished(result.search());
        }
        return result;
    }

    // ---- breeding ---------------------------------------------------------------------------------------

    /**
     * The next population: the survivors and their offspring, or {@code null} when the final predictor's
     * budget leaves nothing to score.
     */
    private List<Architecture> breed(int next, List<Architecture> survivors, int[] rank, double[] crowding,
                                     RunState state, Xoshiro256 random, CheckpointStore store) {
        PerformancePredictor predictor = plan.predictorAt(next);
        Map<Architecture, Double> scored = state.cache(predictor.name());
        int offspring = mo.offspring();
        boolean finalPhase = predictor == plan.finalPredictor();
        if (finalPhase && plan.budget() > 0) {
            long unscored = survivors.stream().filter(a -> !scored.containsKey(a)).count();
            long left = plan.budget() - scored.size() - unscored;
            offspring = (int) Math.max(0, Math.min(offspring, left));
            if (offspring == 0 && unscored == 0) {
                return null;
            }
        }
        Set<Architecture> seen = new HashSet<>(survivors);
        int k = survivors.size();
        if (finalPhase && mo.levelSweep() > 0 && plan.phases().size() > 1
                && plan.budget() - scored.size() <= mo.levelSweep()) {
            List<Architecture> swept = sweep(next - 1, state, store, seen, offspring);
            if (!swept.isEmpty()) {
                List<Architecture> population = new ArrayList<>(k + swept.size());
                population.addAll(survivors);
                population.addAll(swept);
                return population;
            }
            // every level is exhausted or cannot improve the front: breeding takes over
        }
        List<Architecture> climbed = List.of();
        if (finalPhase && mo.climb() > 0 && plan.phases().size() > 1 && plan.budget() - scored.size() <= mo.climb()) {
            climbed = climb(next - 1, state, store, seen, (int) Math.round(offspring * mo.climbShare()));
            offspring -= climbed.size();
        }
        Supplier<Architecture> child = () -> {
            Architecture a = survivors.get(tournament(k, rank, crowding, random));
            Architecture b = survivors.get(tournament(k, rank, crowding, random));
            Architecture c = k > 1 && random.nextDouble() < mo.crossoverProbability() ? space.crossover(a, b, random)
                    : a;
            return space.mutate(c, plan.mutationProbability(), random);
        };
        boolean screen = finalPhase && mo.screening() > 1 && plan.phases().size() > 1;
        int draws = screen ? offspring * mo.screening() : offspring;
        List<Architecture> candidates = new ArrayList<>(draws);
        if (finalPhase && mo.polish() > 0 && plan.budget() - scored.size() <= mo.polish()) {
            candidates.addAll(neighbours(next, scored, predictor.direction(), seen, draws));
        }
        for (int i = candidates.size(); i < draws; i++) {
            Architecture c = engine.draw(next, "offspring", child, seen, scored, REPEATS, random);
            if (c == null) {
                // the survivors' neighbourhood is exhausted: a random newcomer keeps the population diverse
                c = engine.draw(next, "new random architecture", () -> space.sample(random), seen, scored, REPEATS, random);
            }
            if (c != null) {
                candidates.add(c);
            }
        }
        if (screen && mo.levelTopK() > 0) {
            // per-level allocation looks beyond the parents' neighbourhood: as many random newcomers join the pool
            for (int i = 0; i < draws; i++) {
                Architecture c = engine.draw(next, "new random architecture", () -> space.sample(random), seen,
                        scored, REPEATS, random);
                if (c != null) {
                    candidates.add(c);
                }
            }
        }
        if (screen && candidates.size() > offspring) {
            candidates = screened(next - 1, candidates, offspring, state, store);
        }
        List<Architecture> population = new ArrayList<>(k + candidates.size());
        population.addAll(survivors);
        population.addAll(candidates);
        population.addAll(climbed);
        return population;
    }

    /**
     * Pareto local search: the unscored one-gene neighbours (each other choice of one dimension, canonicalized,
     * meeting the constraints) of everything the final predictor scored, parents taken in NSGA-II's order over
     * the final scores (the front first), until {@code limit} are found. Deterministic: parents tied in that
     * order follow their keys, neighbours the dimensions' order. Adds them to {@code seen}.
     */
    private List<Architecture> neighbours(int iteration, Map<Architecture, Double> scored, Direction direction,
                                          Set<Architecture> seen, int limit) {
        List<Architecture> parents = new ArrayList<>(scored.keySet());
        parents.sort(Comparator.comparing(Architecture::key));
        double[] scores = parents.stream().mapToDouble(scored::get).toArray();
        int[] order = nicheRanking(parents, NonDominatedSorting.ranking(points(parents, scores, direction))).order();
        List<Architecture> found = new ArrayList<>(limit);
        for (int i = 0; i < order.length && found.size() < limit; i++) {
            Architecture parent = parents.get(order[i]);
            for (Dimension d : space.dimensions()) {
                if (d.kind() == Dimension.Kind.PER_LAYER || !parent.has(d.name())) {
                    continue;
                }
                for (Object choice : d.choices()) {
                    if (found.size() >= limit) {
                        break;
                    }
                    if (choice.equals(parent.get(d.name()))) {
                        continue;
                    }
                    Architecture n = space.canonicalize(parent.with(d.name(), choice));
                    if (!scored.containsKey(n) && !seen.contains(n) && engine.feasible(iteration, n)) {
                        seen.add(n);
                        found.add(n);
                    }
                }
            }
        }
        return found;
    }

    /**
     * The front climb's picks for one generation ({@link MultiObjectiveSearch.Builder#climb}): the calls are
     * shared equally between the levels (objective values) of the front the final predictor has found, cheapest
     * first in each round. A level spends its share on the unscored neighbours ({@link #moves}) of its scored
     * members, best member first, that are feasible and no worse in any objective than that member; each member's
     * neighbours are taken best predicted first (the cheap score, or the refit's when one is set). So the best
     * cell of each front level is climbed until it is a local optimum, then the next best. Adds the picks to
     * {@code seen}. Deterministic: members tied in score follow their keys, as do neighbours tied in prediction.
     */
    private List<Architecture> climb(int iteration, RunState state, CheckpointStore store, Set<Architecture> seen,
                                     int calls) {
        PerformancePredictor last = plan.finalPredictor();
        Map<Architecture, Double> expensive = state.cache(last.name());
        if (calls <= 0 || expensive.isEmpty()) {
            return List.of();
        }
        double sign = last.direction() == Direction.HIGHER_IS_BETTER ? 1 : -1;
        List<Architecture> scoredList = new ArrayList<>(expensive.keySet());
        scoredList.sort(Comparator.comparing(Architecture::key));
        double[] scores = scoredList.stream().mapToDouble(expensive::get).toArray();
        Map<List<Double>, List<Architecture>> byLevel = new HashMap<>();
        for (Architecture a : scoredList) {
            byLevel.computeIfAbsent(levelKey(a), x -> new ArrayList<>()).add(a);
        }
        List<Architecture> front = new ArrayList<>();
        for (int i : NonDominatedSorting.fronts(points(scoredList, scores, last.direction())).get(0)) {
            front.add(scoredList.get(i));
        }
        List<List<Double>> levels = front.stream().map(this::levelKey).distinct().sorted(this::compareMinimisedLevels)
                .toList();
        PerformancePredictor cheap = plan.phases().get(0).predictor();
        Map<Architecture, Double> cheapCache = state.cache(cheap.name());
        Refit.Model model = mo.refit() == null ? null : refitted(iteration, cheap, state, store);
        double cheapSign = cheap.direction() == Direction.HIGHER_IS_BETTER ? 1 : -1;
        List<Dimension> dims = space.dimensions().stream().filter(d -> d.kind() != Dimension.Kind.PER_LAYER).toList();
        int quota = (calls + levels.size() - 1) / levels.size();
        Set<Architecture> taken = new HashSet<>();
        List<List<Architecture>> shares = new ArrayList<>(levels.size());
        for (List<Double> level : levels) {
            List<Architecture> members = new ArrayList<>(byLevel.get(level));
            members.sort(Comparator.<Architecture>comparingDouble(a -> -sign * expensive.get(a))
                    .thenComparing(Architecture::key));
            List<Architecture> share = new ArrayList<>(quota);
            for (int m = 0; m < members.size() && share.size() < quota; m++) {
                Architecture parent = members.get(m);
                double[] bound = objectiveValues(parent);
                List<Architecture> neighbours = new ArrayList<>();
                for (Architecture move : moves(parent, dims)) {
                    Architecture c = space.canonicalize(move);
                    if (!expensive.containsKey(c) && !seen.contains(c) && !taken.contains(c)
                            && !neighbours.contains(c) && weaklyBetter(objectiveValues(c), bound)
                            && engine.feasible(iteration, c)) {
                        neighbours.add(c);
                    }
                }
                if (neighbours.isEmpty()) {
                    continue;
                }
                engine.score(iteration, cheap, neighbours, cheapCache, store);
                Map<Architecture, Double> predicted = new HashMap<>();
                for (Architecture c : neighbours) {
                    double v = cheapCache.get(c);
                    v = model == null ? cheapSign * v : sign * model.predict(c, v, objectiveValues(c));
                    if (!Double.isFinite(v)) {
                        throw new SearchException("front climb: predicted " + v + " for " + c.key()
                                + "; predictions must be finite");
                    }
                    predicted.put(c, v); // higher is better
                }
                neighbours.sort(Comparator.<Architecture>comparingDouble(c -> -predicted.get(c))
                        .thenComparing(Architecture::key));
                for (Architecture c : neighbours.subList(0, Math.min(neighbours.size(), quota - share.size()))) {
                    share.add(c);
                    taken.add(c);
                }
            }
            shares.add(share);
        }
        List<Architecture> picks = new ArrayList<>(calls);
        for (int round = 0; round < quota && picks.size() < calls; round++) {
            for (List<Architecture> share : shares) {
                if (round < share.size() && picks.size() < calls) {
                    picks.add(share.get(round));
                }
            }
        }
        seen.addAll(picks);
        return picks;
    }

    /** Orders levels by their objective values as minimised quantities, first objective first. */
    private int compareMinimisedLevels(List<Double> a, List<Double> b) {
        for (int j = 0; j < a.size(); j++) {
            Objective o = mo.objectives().get(j);
            int c = Double.compare(o.minimised(a.get(j)), o.minimised(b.get(j)));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Most architectures a level sweep enumerates per level. */
    static final int SWEEP_LEVEL_LIMIT = 20_000;

    /**
     * The level sweep's picks for one generation ({@link MultiObjectiveSearch.Builder#levelSweep}): every level
     * the final predictor visited is enumerated by level-preserving moves from its scored members (in key order,
     * breadth first, so the pools depend only on what was scored), scored by the cheap predictor and, when a refit
     * is set, corrected by it. A level is active when its best found or predicted score beats the best found at a
     * weakly cheaper level; the calls are shared between active levels in proportion to their unscored members
     * (D'Hondt's rule, ties to the cheaper level), each spending its share on its best-predicted unscored members,
     * until {@code calls} are picked or the pools run dry. Adds the picks to {@code seen}.
     */
    private List<Architecture> sweep(int iteration, RunState state, CheckpointStore store, Set<Architecture> seen,
                                     int calls) {
        if (calls <= 0) {
            return List.of();
        }
        PerformancePredictor cheap = plan.phases().get(0).predictor();
        Map<Architecture, Double> expensive = state.cache(plan.finalPredictor().name());
        double sign = plan.finalPredictor().direction() == Direction.HIGHER_IS_BETTER ? 1 : -1;
        List<Architecture> scoredList = new ArrayList<>(expensive.keySet());
        scoredList.sort(Comparator.comparing(Architecture::key));
        Map<List<Double>, List<Architecture>> members = new TreeMap<>(ParetoEngine::compareKeys);
        for (Architecture a : scoredList) {
            members.computeIfAbsent(levelKey(a), x -> new ArrayList<>()).add(a);
        }
        Map<List<Double>, List<Architecture>> pools = new LinkedHashMap<>();
        List<Architecture> all = new ArrayList<>();
        for (Map.Entry<List<Double>, List<Architecture>> level : members.entrySet()) {
            List<Architecture> pool = levelPool(iteration, level.getKey(), level.getValue(), expensive, seen);
            pools.put(level.getKey(), pool);
            all.addAll(pool);
        }
        if (all.isEmpty()) {
            return List.of();
        }
        Map<Architecture, Double> cheapCache = state.cache(cheap.name());
        engine.score(iteration, cheap, all, cheapCache, store);
        Refit.Model model = mo.refit() == null ? null : refitted(iteration, cheap, state, store);
        double cheapSign = cheap.direction() == Direction.HIGHER_IS_BETTER ? 1 : -1;
        Map<Architecture, Double> predicted = new HashMap<>();
        for (Architecture a : all) {
            double c = cheapCache.get(a);
            double v = model == null ? cheapSign * c : sign * model.predict(a, c, objectiveValues(a));
            if (!Double.isFinite(v)) {
                throw new SearchException("level sweep: predicted " + v + " for " + a.key() + "; predictions must"
                        + " be finite");
            }
            predicted.put(a, v); // higher is better
        }
        // the best found score (as higher-is-better) at each level
        List<List<Double>> keys = new ArrayList<>(members.keySet());
        double[] foundAt = new double[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            foundAt[i] = members.get(keys.get(i)).stream().mapToDouble(a -> sign * expensive.get(a)).max()
                    .orElse(Double.NEGATIVE_INFINITY);
        }
        List<List<Architecture>> queues = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            double[] v = objectiveValues(members.get(keys.get(i)).get(0));
            double below = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < keys.size(); j++) {
                double[] w = objectiveValues(members.get(keys.get(j)).get(0));
                if (j != i && weaklyBetter(w, v)) {
                    below = Math.max(below, foundAt[j]);
                }
            }
            List<Architecture> pool = new ArrayList<>(pools.get(keys.get(i)));
            pool.sort(Comparator.<Architecture>comparingDouble(a -> -predicted.get(a)).thenComparing(Architecture::key));
            double bestPredicted = pool.isEmpty() ? Double.NEGATIVE_INFINITY : predicted.get(pool.get(0));
            if (!pool.isEmpty() && Math.max(foundAt[i], bestPredicted) > below) {
                queues.add(pool);
            }
        }
        // calls shared in proportion to each active level's unscored cells (D'Hondt): large levels, whose best
        // cell breeding and local search are least likely to have met, get the most
        List<Architecture> picks = new ArrayList<>(calls);
        int[] next = new int[queues.size()];
        while (picks.size() < calls) {
            int q = -1;
            double quota = -1;
            for (int i = 0; i < queues.size(); i++) {
                double v = (double) queues.get(i).size() / (next[i] + 1);
                if (next[i] < queues.get(i).size() && v > quota) {
                    q = i;
                    quota = v;
                }
            }
            if (q < 0) {
                break;
            }
            Architecture a = queues.get(q).get(next[q]++);
            picks.add(a);
            seen.add(a);
        }
        return picks;
    }

    /**
     * The unscored, unseen, feasible members of one level reachable from its scored members by level-preserving
     * moves. The reachable cells are remembered per level (a function of the level and the scored members, so a
     * resumed run rebuilds the same sets), and only members outside them start a new breadth-first walk; at most
     * {@link #SWEEP_LEVEL_LIMIT} cells are kept per level.
     */
    private List<Architecture> levelPool(int iteration, List<Double> key, List<Architecture> start,
                                         Map<Architecture, Double> expensive, Set<Architecture> seen) {
        Set<Architecture> known = levelCells.computeIfAbsent(key, k -> new java.util.LinkedHashSet<>());
        for (Architecture origin : start) {
            if (!known.contains(origin)) {
                walkLevel(iteration, key, origin, known);
            }
        }
        List<Architecture> pool = new ArrayList<>();
        for (Architecture c : known) {
            if (!expensive.containsKey(c) && !seen.contains(c)) {
                pool.add(c);
            }
        }
        return pool;
    }

    private void walkLevel(int iteration, List<Double> key, Architecture origin, Set<Architecture> known) {
        java.util.ArrayDeque<Architecture> queue = new java.util.ArrayDeque<>();
        known.add(origin);
        queue.add(origin);
        List<Dimension> dims = space.dimensions().stream().filter(d -> d.kind() != Dimension.Kind.PER_LAYER).toList();
        while (!queue.isEmpty() && known.size() < SWEEP_LEVEL_LIMIT) {
            Architecture a = queue.poll();
            List<Architecture> moves = moves(a, dims);
            for (Architecture m : moves) {
                Architecture c = space.canonicalize(m);
                if (known.contains(c) || !levelKey(c).equals(key) || !engine.feasible(iteration, c)) {
                    continue;
                }
                known.add(c);
                queue.add(c);
                if (known.size() >= SWEEP_LEVEL_LIMIT) {
                    break;
                }
            }
        }
    }

    /**
     * The moves of local search around {@code a} (not canonicalized): every other choice of one dimension, and the
     * exchange of the values of two dimensions with the same choices (on NAS-Bench-201, moving an operation to
     * another edge: a move that keeps the cell's parameter count). {@code dims} holds no per-layer dimension.
     */
    private static List<Architecture> moves(Architecture a, List<Dimension> dims) {
        List<Architecture> moves = new ArrayList<>();
        for (int i = 0; i < dims.size(); i++) {
            Dimension d = dims.get(i);
            if (!a.has(d.name())) {
                continue;
            }
            for (Object choice : d.choices()) {
                if (!choice.equals(a.get(d.name()))) {
                    moves.add(a.with(d.name(), choice));
                }
            }
            for (int j = i + 1; j < dims.size(); j++) {
                Dimension e = dims.get(j);
                if (a.has(e.name()) && e.choices().equals(d.choices()) && !a.get(d.name()).equals(a.get(e.name()))) {
                    moves.add(a.with(d.name(), a.get(e.name())).with(e.name(), a.get(d.name())));
                }
            }
        }
        return moves;
    }

    private static int compareKeys(List<Double> a, List<Double> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Double.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Fewest expensively scored architectures before the refit replaces the raw cheap score. */
    static final int REFIT_MIN_SAMPLES = 20;

    /**
     * Keeps the {@code keep} candidates the initial (cheap) predictor ranks best by NSGA-II's order; with a
     * {@code refit}, by the refitted model's prediction of the final score instead, and with {@code levelTopK}, by
     * per-level allocation ({@link #perLevel}).
     */
    private List<Architecture> screened(int iteration, List<Architecture> candidates, int keep, RunState state,
                                        CheckpointStore store) {
        PerformancePredictor cheap = plan.phases().get(0).predictor();
        Map<Architecture, Double> cache = state.cache(cheap.name());
        engine.score(iteration, cheap, candidates, cache, store);
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = cache.get(candidates.get(i));
        }
        Direction direction = cheap.direction();
        if (mo.refit() != null) {
            Refit.Model model = refitted(iteration, cheap, state, store);
            if (model != null) {
                for (int i = 0; i < scores.length; i++) {
                    Architecture a = candidates.get(i);
                    scores[i] = model.predict(a, scores[i], objectiveValues(a));
                    if (!Double.isFinite(scores[i])) {
                        throw new SearchException("refit " + mo.refit().name() + ": predicted " + scores[i]
                                + " for " + a.key() + "; predictions must be finite");
                    }
                }
                direction = plan.finalPredictor().direction();
            }
        }
        int[] order = nicheRanking(candidates, NonDominatedSorting.ranking(points(candidates, scores,
                direction))).order();
        if (mo.levelTopK() > 0) {
            order = perLevel(candidates, scores, direction, order, state.cache(plan.finalPredictor().name()), keep);
        }
        List<Architecture> kept = new ArrayList<>(keep);
        for (int i = 0; i < keep; i++) {
            kept.add(candidates.get(order[i]));
        }
        return kept;
    }

    /**
     * The refit of the cheap predictor on everything the final predictor scored so far (ordered by key; those the
     * cheap predictor has not scored yet are scored first), or {@code null} below {@link #REFIT_MIN_SAMPLES}.
     */
    private Refit.Model refitted(int iteration, PerformancePredictor cheap, RunState state, CheckpointStore store) {
        if (state.cache(plan.finalPredictor().name()).size() < REFIT_MIN_SAMPLES) {
            return null;
        }
        List<Refit.Sample> samples = engine.refitSamples(iteration, cheap, plan.finalPredictor(), state, store,
                this::objectiveValues);
        return mo.refit().fit(space, samples);
    }

    /**
     * Per-level allocation for objectives with few distinct values: candidates are grouped by their objective
     * values (a level); a candidate's predicted gain is its (refitted) score minus the best final score found so
     * far at that level or a cheaper one (the front's value there). Levels are ranked by their best candidate's
     * gain and, as in successive halving, only the better half of them receive calls in this generation: each its
     * {@code levelTopK} best candidates, in rounds (every level's best first, levels by gain). A level whose
     * candidates stop promising gains thus drops out, and comes back when its prediction improves. Candidates not
     * picked follow in {@code fallback} order.
     */
    private int[] perLevel(List<Architecture> candidates, double[] predicted, Direction direction, int[] fallback,
                           Map<Architecture, Double> expensive, int keep) {
        int n = candidates.size();
        int[] place = new int[n];
        for (int k = 0; k < n; k++) {
            place[fallback[k]] = k;
        }
        Map<List<Double>, List<Integer>> levels = new LinkedHashMap<>();
        for (int i : fallback) {
            levels.computeIfAbsent(levelKey(candidates.get(i)), x -> new ArrayList<>()).add(i);
        }
        List<Architecture> scored = new ArrayList<>(expensive.keySet());
        double sign = direction == Direction.HIGHER_IS_BETTER ? 1 : -1;
        double[] gain = new double[n];
        List<List<Integer>> picks = new ArrayList<>();
        for (Map.Entry<List<Double>, List<Integer>> level : levels.entrySet()) {
            double[] v = objectiveValues(candidates.get(level.getValue().get(0)));
            double best = Double.NEGATIVE_INFINITY;
            for (Architecture a : scored) {
                if (weaklyBetter(objectiveValues(a), v)) {
                    best = Math.max(best, sign * expensive.get(a));
                }
            }
            List<Integer> members = new ArrayList<>(level.getValue());
            for (int i : members) {
                gain[i] = sign * predicted[i] - best;
            }
            members.sort(Comparator.<Integer>comparingDouble(i -> -gain[i]).thenComparingInt(i -> place[i]));
            picks.add(new ArrayList<>(members.subList(0, Math.min(mo.levelTopK(), members.size()))));
        }
        // successive halving over levels: only the better half by their best predicted gain get calls
        picks.sort(Comparator.<List<Integer>>comparingDouble(t -> -gain[t.get(0)])
                .thenComparingInt(t -> place[t.get(0)]));
        picks = new ArrayList<>(picks.subList(0, (picks.size() + 1) / 2));
        int[] order = new int[n];
        boolean[] taken = new boolean[n];
        int at = 0;
        for (int round = 0; round < mo.levelTopK() && at < keep; round++) {
            List<Integer> roundPicks = new ArrayList<>();
            for (List<Integer> top : picks) {
                if (round < top.size()) {
                    roundPicks.add(top.get(round));
                }
            }
            roundPicks.sort(Comparator.<Integer>comparingDouble(i -> -gain[i]).thenComparingInt(i -> place[i]));
            for (int i : roundPicks) {
                order[at++] = i;
                taken[i] = true;
            }
        }
        for (int i : fallback) {
            if (!taken[i]) {
                order[at++] = i;
            }
        }
        return order;
    }

    private List<Double> levelKey(Architecture a) {
        double[] v = objectiveValues(a);
        List<Double> key = new ArrayList<>(v.length);
        for (double x : v) {
            key.add(x);
        }
        return key;
    }

    /** Whether objective values {@code a} are at least as good as {@code b} in every objective. */
    private boolean weaklyBetter(double[] a, double[] b) {
        for (int j = 0; j < a.length; j++) {
            Objective o = mo.objectives().get(j);
            if (o.minimised(a[j]) > o.minimised(b[j])) {
                return false;
            }
        }
        return true;
    }

    /**
     * With {@code nicheElites} m > 0: NSGA-II's ranking with every architecture among the m best of its niche
     * (architectures with equal objective values) promoted to rank min(front rank, position in its niche),
     * ordered by that rank, then front rank, then NSGA-II's order. The best of every niche thus survives, wins
     * tournaments and passes screening like a member of the first front, even when another niche's cells
     * dominate it so far. Unchanged when m is 0.
     */
    private NonDominatedSorting.Ranking nicheRanking(List<Architecture> architectures,
                                                     NonDominatedSorting.Ranking ranking) {
        int m = mo.nicheElites();
        if (m == 0) {
            return ranking;
        }
        int n = architectures.size();
        int[] position = new int[n];
        Map<List<Double>, Integer> seenInNiche = new HashMap<>();
        for (int i : ranking.order()) {
            double[] v = objectiveValues(architectures.get(i));
            List<Double> key = new ArrayList<>(v.length);
            for (double x : v) {
                key.add(x);
            }
            position[i] = seenInNiche.merge(key, 1, Integer::sum) - 1;
        }
        int[] rank = new int[n];
        int[] place = new int[n];
        for (int k = 0; k < n; k++) {
            place[ranking.order()[k]] = k;
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            int r = ranking.rank()[i];
            rank[i] = position[i] < m ? Math.min(r, position[i]) : r;
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.<Integer>comparingInt(i -> rank[i])
                .thenComparingInt(i -> ranking.rank()[i]).thenComparingInt(i -> place[i]));
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = idx[k];
        }
        return new NonDominatedSorting.Ranking(rank, ranking.crowding(), order);
    }

    private static int tournament(int k, int[] rank, double[] crowding, Xoshiro256 random) {
        int a = random.nextInt(k);
        int b = random.nextInt(k);
        if (rank[a] != rank[b]) {
            return rank[a] < rank[b] ? a : b;
        }
        return crowding[b] > crowding[a] ? b : a;
    }

    // ---- objectives -------------------------------------------------------------------------------------

    private double[] objectiveValues(Architecture a) {
        return objectiveValues.computeIfAbsent(a, x -> {
            double[] v = new double[mo.objectives().size()];
            for (int i = 0; i < v.length; i++) {
                Objective o = mo.objectives().get(i);
                v[i] = o.value(x, space);
                if (!Double.isFinite(v[i])) {
                    throw new SearchException("objective " + o.metric() + ": " + v[i] + " for " + x.key()
                            + "; objective values must be finite");
                }
            }
            return v;
        });
    }

    /** (score, objectives) of each architecture, all as minimised quantities. */
    private double[][] points(List<Architecture> architectures, double[] scores, Direction direction) {
        double[][] points = new double[architectures.size()][];
        for (int i = 0; i < points.length; i++) {
            double[] v = objectiveValues(architectures.get(i));
            double[] p = new double[v.length + 1];
            p[0] = direction == Direction.HIGHER_IS_BETTER ? -scores[i] : scores[i];
            for (int j = 0; j < v.length; j++) {
                p[j + 1] = mo.objectives().get(j).minimised(v[j]);
            }
            points[i] = p;
        }
        return points;
    }

    // ---- results ----------------------------------------------------------------------------------------

    private ParetoResult result(RunState state, long elapsedNanos) {
        PerformancePredictor last = plan.finalPredictor();
        Map<Architecture, Double> cache = state.cache(last.name());
        Direction direction = last.direction();
        // ordered by the first objective (best first), then score (best first), then key: never by hash order
        List<Architecture> all = new ArrayList<>(cache.keySet());
        Objective first = mo.objectives().get(0);
        all.sort(Comparator.<Architecture>comparingDouble(a -> first.minimised(objectiveValues(a)[0]))
                .thenComparing((x, y) -> direction.compareBetter(cache.get(y), cache.get(x)))
                .thenComparing(Architecture::key));
        double[] scores = all.stream().mapToDouble(cache::get).toArray();
        List<ScoredArchitecture> evaluated = new ArrayList<>(all.size());
        for (Architecture a : all) {
            evaluated.add(scored(a, cache.get(a), last.name()));
        }
        List<ScoredArchitecture> front = new ArrayList<>();
        if (!all.isEmpty()) {
            int[] firstFront = NonDominatedSorting.fronts(points(all, scores, direction)).get(0);
            for (int i : firstFront) {
                front.add(evaluated.get(i));
            }
        }
        List<ScoredArchitecture> population = new ArrayList<>(state.population.size());
        for (Architecture a : state.population) {
            population.add(scored(a, cache.get(a), last.name()));
        }
        ScoredArchitecture best = front.stream().reduce((x, y) -> direction.isBetter(y.score(), x.score()) ? y : x)
                .orElse(population.get(0));
        SearchResult search = new SearchResult(plan.strategy(), best, population, state.history, state.callCounts(),
                front, Duration.ofNanos(elapsedNanos));
        return new ParetoResult(search, mo.objectives(), front, evaluated);
    }

    /** The engine's scored architecture with every objective's value added to its metrics. */
    private ScoredArchitecture scored(Architecture a, double score, String predictor) {
        ScoredArchitecture s = engine.scored(a, score, predictor);
        Map<String, Double> metrics = new LinkedHashMap<>(s.metrics());
        double[] v = objectiveValues(a);
        for (int i = 0; i < v.length; i++) {
            metrics.put(mo.objectives().get(i).metric(), v[i]);
        }
        return new ScoredArchitecture(a, score, predictor, metrics);
    }
}
