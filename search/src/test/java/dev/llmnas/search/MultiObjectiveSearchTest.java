package dev.llmnas.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Constraint;
import dev.llmnas.core.ScoredArchitecture;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultiObjectiveSearchTest {
    @TempDir
    Path dir;

    /** Stands for the process being killed: nothing catches it but the test. */
    static final class Killed extends RuntimeException {
        Killed(String message) {
            super(message);
        }
    }

    private static TestPredictors.Counting expensive() {
        return new TestPredictors.Counting(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10));
    }

    private static TestPredictors.Counting cheap() {
        return new TestPredictors.Counting(TestPredictors.errorRate(NatsBench.Dataset.CIFAR100));
    }

    /** A small hybrid NSGA-II on NAS-Bench-201: up to 12 generations of 20, switch at 5, 150 expensive calls. */
    private static MultiObjectiveSearch.Builder nsga(TestPredictors.Counting cheap, TestPredictors.Counting expensive) {
        return MultiObjectiveSearch.builder().space(Nb201Space.space()).initialPredictor(cheap)
                .finalPredictor(expensive).objective(Objective.minimize(Nb201Space.CELL_PARAMS))
                .populationSize(20).iterations(12).switchAt(5).budget(150).screening(3).seed(17);
    }

    private static ParetoResult withoutWallTime(ParetoResult r) {
        return new ParetoResult(Results.withoutWallTime(r.search()), r.objectives(), r.front(), r.evaluated());
    }

    @Test
    void the_front_is_exactly_the_non_dominated_set_of_everything_the_final_predictor_scored() {
        ParetoResult r = nsga(cheap(), expensive()).build().search();

        List<ScoredArchitecture> expected = new ArrayList<>();
        for (ScoredArchitecture a : r.evaluated()) {
            boolean dominated = r.evaluated().stream().anyMatch(b -> b.score() >= a.score()
                    && b.metrics().get(Nb201Space.CELL_PARAMS) <= a.metrics().get(Nb201Space.CELL_PARAMS)
                    && (b.score() > a.score()
                    || b.metrics().get(Nb201Space.CELL_PARAMS) < a.metrics().get(Nb201Space.CELL_PARAMS)));
            if (!dominated) {
                expected.add(a);
            }
        }
        assertThat(r.front()).containsExactlyElementsOf(expected);
        assertThat(r.front()).hasSizeGreaterThan(3);
        // ordered by cell-params, cheapest first; accuracy then rises along the front (equal points may tie)
        for (int i = 1; i < r.front().size(); i++) {
            assertThat(r.front().get(i).metrics().get(Nb201Space.CELL_PARAMS))
                    .isGreaterThanOrEqualTo(r.front().get(i - 1).metrics().get(Nb201Space.CELL_PARAMS));
            assertThat(r.front().get(i).score()).isGreaterThanOrEqualTo(r.front().get(i - 1).score());
        }
        assertThat(r.search().paretoFront()).isEqualTo(r.front());
        assertThat(r.search().best().score()).isEqualTo(r.front().get(r.front().size() - 1).score());
        // scores are the final predictor's: the true accuracy
        for (ScoredArchitecture a : r.front()) {
            assertThat(a.score()).isEqualTo(TestPredictors.natsBench().accuracy(a.architecture(),
                    NatsBench.Dataset.CIFAR10));
        }
    }

    @Test
    void no_architecture_is_paid_for_twice_and_the_budget_caps_the_expensive_calls() {
        TestPredictors.Counting cheap = cheap();
        TestPredictors.Counting expensive = expensive();
        ParetoResult r = nsga(cheap, expensive).build().search();

        assertThat(expensive.calls()).isEqualTo(r.search().callsTo(expensive.name())).isEqualTo(150);
        assertThat(expensive.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(cheap.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(r.evaluated()).hasSize(150);
        // 40 calls at the switch (generation 5), then 20 per generation: generation 11 gets the last 10
        assertThat(r.search().history()).hasSize(12);
        assertThat(r.search().history().get(11).newCalls()).isEqualTo(10);
        assertThat(r.search().history().get(0).predictor()).isEqualTo(cheap.name());
        assertThat(r.search().history().get(5).predictor()).isEqualTo(expensive.name());
    }

    @Test
    void screening_lets_the_cheap_predictor_pick_the_offspring_after_the_switch() {
        TestPredictors.Counting plainCheap = cheap();
        nsga(plainCheap, expensive()).screening(1).build().search();
        TestPredictors.Counting screeningCheap = cheap();
        nsga(screeningCheap, expensive()).screening(4).build().search();
        // before the switch both score the same 5 generations; after it only screening calls the cheap one
        assertThat(screeningCheap.calls()).isGreaterThan(plainCheap.calls() + 100);
    }

    @Test
    void every_architecture_scored_meets_the_constraints() {
        TestPredictors.Counting cheap = cheap();
        TestPredictors.Counting expensive = expensive();
        List<Architecture> seen = new ArrayList<>();
        cheap.beforeEachCall = seen::add;
        expensive.beforeEachCall = seen::add;
        ParetoResult r = nsga(cheap, expensive).constraint(Constraint.atMost(Nb201Space.CELL_PARAMS, 5_000))
                .constraint(Constraint.atLeast(Nb201Space.CONVS, 1)).build().search();

        assertThat(seen).isNotEmpty().allSatisfy(a -> {
            assertThat(Nb201Space.space().metric(a, Nb201Space.CELL_PARAMS)).isLessThanOrEqualTo(5_000);
            assertThat(Nb201Space.space().metric(a, Nb201Space.CONVS)).isGreaterThanOrEqualTo(1);
        });
        assertThat(r.front()).allSatisfy(a -> assertThat(a.metrics().get(Nb201Space.CELL_PARAMS))
                .isLessThanOrEqualTo(5_000));
    }

    @Test
    void the_same_seed_repeats_a_run_bit_for_bit_and_another_seed_gives_another() {
        ParetoResult a = nsga(cheap(), expensive()).build().search();
        ParetoResult b = nsga(cheap(), expensive()).build().search();
        ParetoResult c = nsga(cheap(), expensive()).seed(18).build().search();

        assertThat(withoutWallTime(b)).isEqualTo(withoutWallTime(a));
        assertThat(c.evaluated()).isNotEqualTo(a.evaluated());
    }

    @Test
    void a_user_metric_objective_and_several_objectives_are_reported_on_every_front_point() {
        // maximise the number of skip connections as a third objective, next to cell-params
        Objective skips = Objective.maximize("skips", a -> Nb201Space.EDGES.stream()
                .filter(e -> a.getString(e).equals("skip_connect")).count());
        ParetoResult r = MultiObjectiveSearch.builder().space(Nb201Space.space()).finalPredictor(expensive())
                .objective(Objective.minimize(Nb201Space.CELL_PARAMS)).objective(skips).populationSize(20)
                .iterations(4).seed(3).build().search();

        assertThat(r.objectives()).containsExactly(Objective.minimize(Nb201Space.CELL_PARAMS), skips);
        assertThat(r.front()).allSatisfy(a -> assertThat(a.metrics()).containsKeys(Nb201Space.CELL_PARAMS, "skips"));
        double[][] points = r.front().stream().map(a -> new double[] {-a.score(),
                a.metrics().get(Nb201Space.CELL_PARAMS), -a.metrics().get("skips")}).toArray(double[][]::new);
        assertThat(NonDominatedSorting.fronts(points)).hasSize(1);
    }

    private static SearchListener stopAfter(int iteration) {
        return new SearchListener() {
            @Override
            public void iterationFinished(SearchProgress progress) {
                if (progress.iteration() == iteration) {
                    throw new Killed("stopped after iteration " + iteration);
                }
            }
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 5, 7})
    void a_run_killed_after_any_generation_resumes_to_exactly_the_uninterrupted_result(int stopAfter) {
        ParetoResult uninterrupted = nsga(cheap(), expensive()).build().search();
        Path file = dir.resolve("nsga.json");
        TestPredictors.Counting cheap = cheap();
        TestPredictors.Counting expensive = expensive();

        assertThatThrownBy(() -> nsga(cheap, expensive).checkpoint(file).listener(stopAfter(stopAfter)).build()
                .search()).isInstanceOf(Killed.class);
        ParetoResult resumed = nsga(cheap, expensive).checkpoint(file).build().resumeSearch(file);

        assertThat(withoutWallTime(resumed)).isEqualTo(withoutWallTime(uninterrupted));
        assertThat(expensive.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(cheap.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(expensive.calls()).isEqualTo(uninterrupted.search().callsTo(expensive.name()));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5, 8})
    void a_run_with_niche_elites_killed_after_a_generation_resumes_to_exactly_the_uninterrupted_result(
            int stopAfter) {
        ParetoResult uninterrupted = nsga(cheap(), expensive()).nicheElites(2).build().search();
        Path file = dir.resolve("niche.json");
        TestPredictors.Counting cheap = cheap();
        TestPredictors.Counting expensive = expensive();

        assertThatThrownBy(() -> nsga(cheap, expensive).nicheElites(2).checkpoint(file)
                .listener(stopAfter(stopAfter)).build().search()).isInstanceOf(Killed.class);
        ParetoResult resumed = nsga(cheap, expensive).nicheElites(2).checkpoint(file).build().resumeSearch(file);

        assertThat(withoutWallTime(resumed)).isEqualTo(withoutWallTime(uninterrupted));
        assertThat(expensive.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(expensive.calls()).isEqualTo(150);
        // a checkpoint of plain NSGA-II is not continued with niche elites
        assertThatThrownBy(() -> nsga(cheap(), expensive()).checkpoint(file).build().resumeSearch(file))
                .isInstanceOf(SearchException.class).hasMessageContaining("nicheElites");
    }

    /** Cell-params level -> best accuracy among the given cells. */
    private static java.util.Map<Double, Double> bestPerLevel(List<ScoredArchitecture> cells) {
        java.util.Map<Double, Double> best = new java.util.TreeMap<>();
        for (ScoredArchitecture a : cells) {
            best.merge(a.metrics().get(Nb201Space.CELL_PARAMS), a.score(), Math::max);
        }
        return best;
    }

    @Test
    void niche_elites_keep_the_best_cell_of_every_cell_params_level_that_plain_nsga2_lets_go() {
        ParetoResult niche = nsga(cheap(), expensive()).populationSize(40).nicheElites(1).build().search();
        ParetoResult plain = nsga(cheap(), expensive()).populationSize(40).build().search();

        // every level's best evaluated cell is among the last survivors (28 levels at most, 40 survivors)
        assertThat(bestPerLevel(niche.search().population())).isEqualTo(bestPerLevel(niche.evaluated()));
        // plain NSGA-II keeps only non-dominated levels' cells near the front and drops some level's best
        assertThat(bestPerLevel(plain.search().population())).isNotEqualTo(bestPerLevel(plain.evaluated()));
        assertThat(niche.search().population()).hasSize(40);
    }

    /** Whether {@code a} differs from some architecture of {@code earlier} in exactly one dimension. */
    private static boolean oneGeneFromAny(Architecture a, List<Architecture> earlier) {
        return earlier.stream().anyMatch(b -> a.names().stream()
                .filter(n -> !a.get(n).equals(b.get(n))).count() == 1);
    }

    @Test
    void polishing_spends_the_last_calls_on_one_gene_neighbours_of_what_was_scored() {
        TestPredictors.Counting expensive = expensive();
        List<Architecture> order = new ArrayList<>();
        expensive.beforeEachCall = order::add;
        // 40 calls at the switch, then 20 a generation: after 100 calls at most 60 are left, so each of the last
        // 50 calls goes to a neighbour of a cell scored in an earlier generation
        ParetoResult r = nsga(cheap(), expensive).polish(60).build().search();

        assertThat(order).hasSize(150);
        assertThat(expensive.maxCallsOfOneArchitecture()).isEqualTo(1);
        for (int i = 100; i < 150; i++) {
            assertThat(oneGeneFromAny(order.get(i), order.subList(0, i))).as("call %d", i + 1).isTrue();
        }
        // bred offspring (crossover, then mutation) often are not
        TestPredictors.Counting plain = expensive();
        List<Architecture> plainOrder = new ArrayList<>();
        plain.beforeEachCall = plainOrder::add;
        nsga(cheap(), plain).build().search();
        assertThat(plainOrder.subList(100, 140)).anyMatch(a -> !oneGeneFromAny(a, plainOrder.subList(0, 100)));
        assertThat(bestPerLevel(r.evaluated())).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 8, 9})
    void a_polishing_run_killed_after_a_generation_resumes_to_exactly_the_uninterrupted_result(int stopAfter) {
        ParetoResult uninterrupted = nsga(cheap(), expensive()).nicheElites(1).polish(60).build().search();
        Path file = dir.resolve("polish.json");
        TestPredictors.Counting cheap = cheap();
        TestPredictors.Counting expensive = expensive();

        assertThatThrownBy(() -> nsga(cheap, expensive).nicheElites(1).polish(60).checkpoint(file)
                .listener(stopAfter(stopAfter)).build().search()).isInstanceOf(Killed.class);
        ParetoResult resumed = nsga(cheap, expensive).nicheElites(1).polish(60).checkpoint(file).build()
                .resumeSearch(file);

        assertThat(withoutWallTime(resumed)).isEqualTo(withoutWallTime(uninterrupted));
        assertThat(expensive.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(expensive.calls()).isEqualTo(150);
        assertThatThrownBy(() -> nsga(cheap(), expensive()).nicheElites(1).checkpoint(file).build()
                .resumeSearch(file)).isInstanceOf(SearchException.class).hasMessageContaining("polish");
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 8})
    void a_run_with_refit_and_per_level_allocation_killed_after_a_generation_resumes_to_exactly_the_uninterrupted_result(
            int stopAfter) {
        ParetoResult uninterrupted = nsga(cheap(), expensive()).polish(60).refit(Refit.ridge(1.0)).levelTopK(2)
                .build().search();
        Path file = dir.resolve("refit.json");
        TestPredictors.Counting cheap = cheap();
        TestPredictors.Counting expensive = expensive();

        assertThatThrownBy(() -> nsga(cheap, expensive).polish(60).refit(Refit.ridge(1.0)).levelTopK(2)
                .checkpoint(file).listener(stopAfter(stopAfter)).build().search()).isInstanceOf(Killed.class);
        ParetoResult resumed = nsga(cheap, expensive).polish(60).refit(Refit.ridge(1.0)).levelTopK(2)
                .checkpoint(file).build().resumeSearch(file);

        assertThat(withoutWallTime(resumed)).isEqualTo(withoutWallTime(uninterrupted));
        assertThat(expensive.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(expensive.calls()).isEqualTo(150);
        assertThatThrownBy(() -> nsga(cheap(), expensive()).polish(60).refit(Refit.ridge(2.0)).levelTopK(2)
                .checkpoint(file).build().resumeSearch(file)).isInstanceOf(SearchException.class)
                .hasMessageContaining("refit");
        assertThatThrownBy(() -> nsga(cheap(), expensive()).polish(60).refit(Refit.ridge(1.0)).levelTopK(3)
                .checkpoint(file).build().resumeSearch(file)).isInstanceOf(SearchException.class)
                .hasMessageContaining("levelTopK");
    }

    @Test
    void refit_and_per_level_allocation_change_which_candidates_the_expensive_predictor_sees() {
        TestPredictors.Counting plain = expensive();
        List<Architecture> plainOrder = new ArrayList<>();
        plain.beforeEachCall = plainOrder::add;
        nsga(cheap(), plain).build().search();
        TestPredictors.Counting refitted = expensive();
        List<Architecture> refitOrder = new ArrayList<>();
        refitted.beforeEachCall = refitOrder::add;
        nsga(cheap(), refitted).refit(Refit.ridge(1.0)).build().search();
        TestPredictors.Counting levels = expensive();
        List<Architecture> levelOrder = new ArrayList<>();
        levels.beforeEachCall = levelOrder::add;
        nsga(cheap(), levels).levelTopK(1).build().search();

        // the switch population (40 calls) is the same; the refit starts once 20 cells are scored
        assertThat(refitOrder.subList(0, 40)).isEqualTo(plainOrder.subList(0, 40));
        assertThat(refitOrder).hasSize(150).isNotEqualTo(plainOrder);
        assertThat(levelOrder).hasSize(150).isNotEqualTo(plainOrder);
        assertThat(refitted.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(levels.maxCallsOfOneArchitecture()).isEqualTo(1);
        // per-level allocation with k = 1 gives each generation's first calls to distinct cell-params levels
        Set<Double> firstLevels = new HashSet<>();
        for (Architecture a : levelOrder.subList(40, 45)) {
            firstLevels.add(Nb201Space.space().metric(a, Nb201Space.CELL_PARAMS));
        }
        assertThat(firstLevels).hasSize(5);
    }

    /** Ranks exactly as the expensive predictor (CIFAR-10 error rate against CIFAR-10 accuracy), under its own name. */
    private static TestPredictors.Counting perfectCheap() {
        return new TestPredictors.Counting(TestPredictors.errorRate(NatsBench.Dataset.CIFAR10));
    }

    @Test
    void a_level_sweep_spends_the_last_calls_across_levels_on_their_best_predicted_cells() {
        TestPredictors.Counting expensive = expensive();
        List<Architecture> order = new ArrayList<>();
        expensive.beforeEachCall = order::add;
        ParetoResult r = nsga(perfectCheap(), expensive).polish(60).levelSweep(40).build().search();

        assertThat(order).hasSize(150);
        assertThat(expensive.maxCallsOfOneArchitecture()).isEqualTo(1);
        // 40 calls at the switch, then 20 a generation: after 120 calls at most 40 are left, so calls 121-140 are the
        // first swept generation; each goes to a level visited before, and together they cover several levels
        Set<Double> before = new HashSet<>();
        order.subList(0, 120).forEach(a -> before.add(Nb201Space.space().metric(a, Nb201Space.CELL_PARAMS)));
        Set<Double> swept = new HashSet<>();
        for (Architecture a : order.subList(120, 140)) {
            swept.add(Nb201Space.space().metric(a, Nb201Space.CELL_PARAMS));
        }
        assertThat(before).containsAll(swept);
        assertThat(swept).hasSizeGreaterThan(3);
        // a cheap predictor that ranks like the expensive one leads the sweep straight to the true best cell of
        // every level it swept (levels of up to 2,430 cells)
        NatsBench table = TestPredictors.natsBench();
        for (double level : swept) {
            double trueBest = table.records().stream()
                    .filter(x -> Nb201Space.space().metric(x.architecture(), Nb201Space.CELL_PARAMS) == level)
                    .mapToDouble(x -> x.score(NatsBench.Dataset.CIFAR10.id())).max().orElseThrow();
            assertThat(bestAtLevel(r.evaluated(), level)).as("level %s", level).isEqualTo(trueBest);
        }
    }

    private static double bestAtLevel(List<ScoredArchitecture> evaluated, double cellParams) {
        return evaluated.stream().filter(s -> s.metrics().get(Nb201Space.CELL_PARAMS) == cellParams)
                .mapToDouble(ScoredArchitecture::score).max().orElse(Double.NEGATIVE_INFINITY);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 10})
    void a_run_with_a_level_sweep_and_per_level_refit_killed_after_a_generation_resumes_to_exactly_the_uninterrupted_result(
            int stopAfter) {
        Refit refit = Refit.perLevel(Refit.ridge(1.0), 5);
        ParetoResult uninterrupted = nsga(cheap(), expensive()).polish(80).levelSweep(40).refit(refit).build()
                .search();
        Path file = dir.resolve("sweep.json");
        TestPredictors.Counting cheap = cheap();
        TestPredictors.Counting expensive = expensive();

        assertThatThrownBy(() -> nsga(cheap, expensive).polish(80).levelSweep(40).refit(refit).checkpoint(file)
                .listener(stopAfter(stopAfter)).build().search()).isInstanceOf(Killed.class);
        ParetoResult resumed = nsga(cheap, expensive).polish(80).levelSweep(40).refit(refit).checkpoint(file)
                .build().resumeSearch(file);

        assertThat(withoutWallTime(resumed)).isEqualTo(withoutWallTime(uninterrupted));
        assertThat(expensive.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(expensive.calls()).isEqualTo(150);
        assertThatThrownBy(() -> nsga(cheap(), expensive()).polish(80).levelSweep(20).refit(refit).checkpoint(file)
                .build().resumeSearch(file)).isInstanceOf(SearchException.class).hasMessageContaining("levelSweep");
    }

    /** Whether {@code a} is one move (one edge changed, or two edges' operations exchanged) away from {@code b}. */
    private static boolean oneMove(Architecture a, Architecture b) {
        List<String> differ = Nb201Space.EDGES.stream().filter(e -> !a.get(e).equals(b.get(e))).toList();
        return differ.size() == 1 || differ.size() == 2 && a.get(differ.get(0)).equals(b.get(differ.get(1)))
                && a.get(differ.get(1)).equals(b.get(differ.get(0)));
    }

    private static boolean aSwapOf(Architecture a, Architecture b) {
        return oneMove(a, b) && Nb201Space.EDGES.stream().filter(e -> !a.get(e).equals(b.get(e))).count() == 2;
    }

    /** The non-dominated cells (accuracy up, cell-params down) among {@code cells}, by the table's CIFAR-10 accuracy. */
    private static List<Architecture> foundFront(List<Architecture> cells) {
        NatsBench table = TestPredictors.natsBench();
        List<Architecture> front = new ArrayList<>();
        for (Architecture a : cells) {
            double acc = table.accuracy(a, NatsBench.Dataset.CIFAR10);
            double params = Nb201Space.space().metric(a, Nb201Space.CELL_PARAMS);
            boolean dominated = cells.stream().anyMatch(b -> {
                double bAcc = table.accuracy(b, NatsBench.Dataset.CIFAR10);
                double bParams = Nb201Space.space().metric(b, Nb201Space.CELL_PARAMS);
                return bAcc >= acc && bParams <= params && (bAcc > acc || bParams < params);
            });
            if (!dominated) {
                front.add(a);
            }
        }
        return front;
    }

    /** Calls in [from, to) that are one move from a cell of the front found in calls [0, from), no costlier than it. */
    private static long climbMoves(List<Architecture> order, int from, int to) {
        List<Architecture> front = foundFront(order.subList(0, from));
        return order.subList(from, to).stream().filter(a -> front.stream().anyMatch(f -> oneMove(a, f)
                && Nb201Space.space().metric(a, Nb201Space.CELL_PARAMS)
                <= Nb201Space.space().metric(f, Nb201Space.CELL_PARAMS))).count();
    }

    @Test
    void front_climbing_gives_its_share_of_each_late_generation_to_cost_keeping_moves_from_the_found_front() {
        TestPredictors.Counting expensive = expensive();
        List<Architecture> order = new ArrayList<>();
        expensive.beforeEachCall = order::add;
        // 40 calls at the switch, then 20 a generation: after 100 calls at most 60 are left, so generations 101-120
        // and 121-140 give round(0.5 * 20) = 10 calls each to moves from the front found before them
        nsga(cheap(), expensive).climb(60).climbShare(0.5).build().search();

        assertThat(order).hasSize(150);
        assertThat(expensive.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(climbMoves(order, 100, 120)).isGreaterThanOrEqualTo(10);
        assertThat(climbMoves(order, 120, 140)).isGreaterThanOrEqualTo(10);
        // exchanges of two edges' operations are among them: a move one-gene breeding and polishing never make
        List<Architecture> front = foundFront(order.subList(0, 100));
        assertThat(order.subList(100, 120)).anyMatch(a -> front.stream().anyMatch(f -> aSwapOf(a, f)));

        // with the whole generation climbing, every call of it is such a move; bred offspring often are not
        TestPredictors.Counting all = expensive();
        List<Architecture> allOrder = new ArrayList<>();
        all.beforeEachCall = allOrder::add;
        nsga(cheap(), all).climb(60).climbShare(1.0).build().search();
        assertThat(climbMoves(allOrder, 100, 120)).isEqualTo(20);
        TestPredictors.Counting plain = expensive();
        List<Architecture> plainOrder = new ArrayList<>();
        plain.beforeEachCall = plainOrder::add;
        nsga(cheap(), plain).build().search();
        assertThat(climbMoves(plainOrder, 100, 120)).isLessThan(20);
    }

    /**
     * The climb's picks for one generation, computed independently of the engine: the levels of the found front,
     * cheapest first; per level its scored cells best first, each giving its unscored one-move neighbours that are
     * no costlier, best predicted first (ties by key), up to ceil(calls / levels) per level; then the levels'
     * lists in turns until {@code calls} are taken.
     */
    private static List<Architecture> expectedClimb(List<Architecture> scored, TestPredictors.Counting cheap,
                                                    int calls) {
        NatsBench table = TestPredictors.natsBench();
        java.util.function.ToDoubleFunction<Architecture> params = a -> Nb201Space.space().metric(a,
                Nb201Space.CELL_PARAMS);
        List<Double> levels = foundFront(scored).stream().map(params::applyAsDouble).distinct().sorted().toList();
        int quota = (calls + levels.size() - 1) / levels.size();
        Set<Architecture> taken = new HashSet<>();
        List<List<Architecture>> shares = new ArrayList<>();
        for (double level : levels) {
            List<Architecture> members = new ArrayList<>(scored.stream().filter(a -> params.applyAsDouble(a) == level)
                    .toList());
            members.sort(java.util.Comparator.<Architecture>comparingDouble(
                    a -> -table.accuracy(a, NatsBench.Dataset.CIFAR10)).thenComparing(Architecture::key));
            List<Architecture> share = new ArrayList<>();
            for (Architecture m : members) {
                List<Architecture> nb = new ArrayList<>();
                for (Architecture c : Nb201Space.all()) {
                    if (oneMove(c, m) && !c.equals(m) && !scored.contains(c) && !taken.contains(c)
                            && params.applyAsDouble(c) <= level) {
                        nb.add(c);
                    }
                }
                nb.sort(java.util.Comparator.<Architecture>comparingDouble(cheap::predict)
                        .thenComparing(Architecture::key));
                for (Architecture c : nb) {
                    if (share.size() < quota) {
                        share.add(c);
                        taken.add(c);
                    }
                }
            }
            shares.add(share);
        }
        List<Architecture> picks = new ArrayList<>();
        for (int round = 0; round < quota; round++) {
            for (List<Architecture> share : shares) {
                if (round < share.size() && picks.size() < calls) {
                    picks.add(share.get(round));
                }
            }
        }
        return picks;
    }

    @Test
    void a_climbing_generation_takes_the_best_predicted_cost_keeping_neighbours_of_each_front_level_in_turn() {
        TestPredictors.Counting expensive = expensive();
        List<Architecture> order = new ArrayList<>();
        expensive.beforeEachCall = order::add;
        // with the whole generation climbing and no refit, calls 101-120 are exactly the climb's picks
        nsga(perfectCheap(), expensive).climb(60).climbShare(1.0).build().search();

        assertThat(order.subList(100, 120)).containsExactlyElementsOf(
                expectedClimb(List.copyOf(order.subList(0, 100)), perfectCheap(), 20));
        assertThat(order.subList(120, 140)).containsExactlyElementsOf(
                expectedClimb(List.copyOf(order.subList(0, 120)), perfectCheap(), 20));
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 8, 9})
    void a_climbing_run_killed_after_a_generation_resumes_to_exactly_the_uninterrupted_result(int stopAfter) {
        ParetoResult uninterrupted = nsga(cheap(), expensive()).polish(40).climb(80).refit(Refit.ridge(1.0)).build()
                .search();
        Path file = dir.resolve("climb.json");
        TestPredictors.Counting cheap = cheap();
        TestPredictors.Counting expensive = expensive();

        assertThatThrownBy(() -> nsga(cheap, expensive).polish(40).climb(80).refit(Refit.ridge(1.0)).checkpoint(file)
                .listener(stopAfter(stopAfter)).build().search()).isInstanceOf(Killed.class);
        ParetoResult resumed = nsga(cheap, expensive).polish(40).climb(80).refit(Refit.ridge(1.0)).checkpoint(file)
                .build().resumeSearch(file);

        assertThat(withoutWallTime(resumed)).isEqualTo(withoutWallTime(uninterrupted));
        assertThat(expensive.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(expensive.calls()).isEqualTo(150);
        assertThatThrownBy(() -> nsga(cheap(), expensive()).polish(40).climb(80).climbShare(0.5)
                .refit(Refit.ridge(1.0)).checkpoint(file).build().resumeSearch(file))
                .isInstanceOf(SearchException.class).hasMessageContaining("climbShare");
        assertThatThrownBy(() -> nsga(cheap(), expensive()).polish(40).refit(Refit.ridge(1.0)).checkpoint(file)
                .build().resumeSearch(file)).isInstanceOf(SearchException.class)
                .hasMessageContaining("climb is '80' there but not set here");
        // and the other way round: a checkpoint written without climbing is not resumed with it
        Path plain = dir.resolve("plain.json");
        nsga(cheap(), expensive()).polish(40).refit(Refit.ridge(1.0)).checkpoint(plain).build().search();
        assertThatThrownBy(() -> nsga(cheap(), expensive()).polish(40).climb(80).refit(Refit.ridge(1.0))
                .checkpoint(plain).build().resumeSearch(plain)).isInstanceOf(SearchException.class)
                .hasMessageContaining("climb is not set there but '80' here");
    }

    @Test
    void a_run_killed_in_the_middle_of_an_expensive_generation_loses_no_call_and_resumes_exactly() {
        ParetoResult uninterrupted = nsga(cheap(), expensive()).build().search();
        Path file = dir.resolve("nsga.json");
        TestPredictors.Counting cheap = cheap();
        TestPredictors.Counting expensive = expensive();
        AtomicInteger calls = new AtomicInteger();
        expensive.beforeEachCall = a -> {
            if (calls.incrementAndGet() == 57) {
                throw new Killed("killed during call 57");
            }
        };

        assertThatThrownBy(() -> nsga(cheap, expensive).checkpoint(file).build().search())
                .hasRootCauseInstanceOf(Killed.class);
        assertThat(Files.exists(CheckpointStore.journalOf(file.toAbsolutePath()))).isTrue();
        expensive.beforeEachCall = a -> { };
        // run() continues an existing checkpoint
        ParetoResult resumed = nsga(cheap, expensive).checkpoint(file).build().search();

        assertThat(withoutWallTime(resumed)).isEqualTo(withoutWallTime(uninterrupted));
        // the 56 journaled calls were not repeated
        assertThat(expensive.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(expensive.calls()).isEqualTo(150);
    }

    @Test
    void a_checkpoint_of_another_objective_is_refused() {
        Path file = dir.resolve("nsga.json");
        nsga(cheap(), expensive()).iterations(6).switchAt(3).checkpoint(file).build().search();

        assertThatThrownBy(() -> nsga(cheap(), expensive()).iterations(6).switchAt(3).checkpoint(file)
                .objective(Objective.minimize(Nb201Space.CONVS)).build().search())
                .isInstanceOf(SearchException.class).hasMessageContaining("objectives");
    }

    @Test
    void a_finished_checkpoint_returns_its_result_without_calls() {
        Path file = dir.resolve("nsga.json");
        ParetoResult first = nsga(cheap(), expensive()).checkpoint(file).build().search();
        TestPredictors.Counting expensive = expensive();
        ParetoResult again = nsga(cheap(), expensive).checkpoint(file).build().search();

        assertThat(withoutWallTime(again)).isEqualTo(withoutWallTime(first));
        assertThat(expensive.calls()).isZero();
    }

    @Test
    void the_builder_rejects_bad_values_and_conflicting_settings() {
        assertThatThrownBy(() -> MultiObjectiveSearch.builder().populationSize(1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("populationSize: 1 is not allowed; it must"
                        + " be at least 2");
        assertThatThrownBy(() -> MultiObjectiveSearch.builder().crossoverProbability(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("crossoverProbability: 1.5");
        assertThatThrownBy(() -> MultiObjectiveSearch.builder().budget(-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget: -3");
        assertThatThrownBy(() -> MultiObjectiveSearch.builder().space(Nb201Space.space()).finalPredictor(expensive())
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("objectives: none");
        assertThatThrownBy(() -> MultiObjectiveSearch.builder().space(Nb201Space.space()).finalPredictor(expensive())
                .objective(Objective.minimize("flops")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("metric 'flops' is not one of");
        assertThatThrownBy(() -> MultiObjectiveSearch.builder().space(Nb201Space.space()).finalPredictor(expensive())
                .objective(Objective.minimize(Nb201Space.CONVS)).screening(3).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("screening: 3 needs an");
        assertThatThrownBy(() -> nsga(cheap(), expensive()).budget(10).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("budget: 10 is below populationSize 20");
        assertThatThrownBy(() -> MultiObjectiveSearch.builder().nicheElites(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("nicheElites: -1 is not allowed; it must"
                        + " be at least 0");
        assertThatThrownBy(() -> MultiObjectiveSearch.builder().polish(-5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("polish: -5");
        assertThatThrownBy(() -> nsga(cheap(), expensive()).budget(0).polish(50).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("polish: 50 calls need a budget");
        assertThatThrownBy(() -> nsga(cheap(), expensive()).polish(151).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("budget is 150");
        assertThatThrownBy(() -> MultiObjectiveSearch.builder().levelTopK(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("levelTopK: -1 is not allowed; it must"
                        + " be at least 0");
        assertThatThrownBy(() -> MultiObjectiveSearch.builder().refit(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refit");
        assertThatThrownBy(() -> nsga(cheap(), expensive()).screening(1).refit(Refit.ridge(1.0)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("refit: set with screening 1");
        assertThatThrownBy(() -> nsga(cheap(), expensive()).screening(1).levelTopK(2).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("levelTopK: set with screening 1");
        assertThatThrownBy(() -> MultiObjectiveSearch.builder().climb(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("climb: -1");
        assertThatThrownBy(() -> MultiObjectiveSearch.builder().climbShare(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("climbShare: 0.0 is not allowed; it must be"
                        + " in (0, 1]");
        assertThatThrownBy(() -> MultiObjectiveSearch.builder().climbShare(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("climbShare: 1.5");
        assertThatThrownBy(() -> MultiObjectiveSearch.builder().climbShare(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("climbShare: NaN");
        assertThatThrownBy(() -> nsga(cheap(), expensive()).budget(0).climb(20).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("climb: 20 calls need a budget");
        assertThatThrownBy(() -> nsga(cheap(), expensive()).climb(151).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("climb: 151 calls need a budget of"
                        + " at least that many; budget is 150");
        assertThatThrownBy(() -> MultiObjectiveSearch.builder().space(Nb201Space.space()).finalPredictor(expensive())
                .objective(Objective.minimize(Nb201Space.CELL_PARAMS)).budget(100).climb(20).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("climb: 20 needs an initialPredictor");
        assertThat(nsga(cheap(), expensive()).climb(150).climbShare(1e-9).build()).isNotNull();
        assertThatThrownBy(() -> nsga(cheap(), expensive()).switchAt(0).climb(20).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("climb: 20 needs the initial predictor to rank"
                        + " the first generations, but the switch is at 0; set switchAt above 0 or climb(0)");
        assertThatThrownBy(() -> MultiObjectiveSearch.builder().levelSweep(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("levelSweep: -1");
        assertThatThrownBy(() -> nsga(cheap(), expensive()).screening(1).levelSweep(20).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("levelSweep: set with screening 1");
        assertThatThrownBy(() -> nsga(cheap(), expensive()).budget(0).levelSweep(20).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("levelSweep: 20 calls need a budget");
        assertThatThrownBy(() -> nsga(cheap(), expensive()).levelSweep(151).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("budget is 150");
        assertThatThrownBy(() -> nsga(cheap(), expensive()).paretoMetric(Nb201Space.CONVS).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("objective(..)");
    }

    @Test
    void it_is_a_search_strategy_whose_run_returns_the_front() {
        MultiObjectiveSearch s = nsga(cheap(), expensive()).build();
        SearchResult r = s.run();
        assertThat(s.name()).isEqualTo("nsga2");
        assertThat(s.switchIteration()).isEqualTo(5);
        assertThat(r.paretoFront()).isNotEmpty();
        Set<Architecture> distinct = new HashSet<>();
        r.population().forEach(a -> distinct.add(a.architecture()));
        assertThat(distinct).hasSize(r.population().size());
        assertThat(s.toString()).contains("objectives=[min cell-params]");
    }
}
