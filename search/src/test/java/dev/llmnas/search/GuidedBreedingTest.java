package dev.llmnas.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the guided schedule's screened breeding does, seen from outside: which architectures each predictor is
 * asked about in each generation, and when patience ends a run.
 */
class GuidedBreedingTest {
    @BeforeAll
    static void data() {
        TestPredictors.natsBench();
    }

    /** The calls of one run, split by the iteration (listener window) they were made in. */
    private static final class Recorder implements SearchListener {
        final List<List<Architecture>> cheapByWindow = new ArrayList<>();
        final List<List<Architecture>> expensiveByWindow = new ArrayList<>();
        int firstExpensive;
        int last;
        private List<Architecture> cheapNow = Collections.synchronizedList(new ArrayList<>());
        private List<Architecture> expensiveNow = Collections.synchronizedList(new ArrayList<>());

        void watch(TestPredictors.Counting cheap, TestPredictors.Counting expensive) {
            cheap.beforeEachCall = a -> cheapNow.add(a);
            expensive.beforeEachCall = a -> expensiveNow.add(a);
        }

        @Override
        public void iterationFinished(SearchProgress progress) {
            cheapByWindow.add(List.copyOf(cheapNow));
            expensiveByWindow.add(List.copyOf(expensiveNow));
            cheapNow = Collections.synchronizedList(new ArrayList<>());
            expensiveNow = Collections.synchronizedList(new ArrayList<>());
        }
    }

    private static final PerformancePredictor CHEAP_ERROR = TestPredictors.errorRate(NatsBench.Dataset.CIFAR100);

    private static TestPredictors.Counting expensive() {
        return new TestPredictors.Counting(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10));
    }

    private static List<Integer> expensiveIterations(SearchResult result, String expensiveName) {
        return result.history().stream().filter(s -> s.predictor().equals(expensiveName))
                .map(SearchResult.IterationStats::iteration).toList();
    }

    private static Recorder run(GuidedSchedule schedule, long seed) {
        return run(schedule, seed, CHEAP_ERROR);
    }

    private static Recorder run(GuidedSchedule schedule, long seed, PerformancePredictor cheapPredictor) {
        var cheap = new TestPredictors.Counting(cheapPredictor);
        var expensive = expensive();
        Recorder rec = new Recorder();
        rec.watch(cheap, expensive);
        SearchResult result = HybridSearch.builder().space(Nb201Space.space()).initialPredictor(cheap)
                .finalPredictor(expensive).iterations(16).seed(seed).guided(schedule).listener(rec).build().run();
        List<Integer> exp = expensiveIterations(result, expensive.name());
        assertThat(exp).hasSizeGreaterThan(3);
        rec.firstExpensive = exp.get(0);
        rec.last = result.history().size() - 1;
        return rec;
    }

    @Test
    void without_a_refit_each_expensive_generation_evaluates_exactly_the_offspring_the_cheap_predictor_ranks_best() {
        for (long seed = 1; seed <= 2; seed++) {
            Recorder rec = run(GuidedSchedule.defaults().withRefit(null).withScreening(3).withPerGeneration(4), seed);
            for (int g = rec.firstExpensive + 1; g <= rec.last; g++) {
                // offspring of generation g were screened by the cheap predictor at the end of iteration g - 1
                List<Architecture> chosen = rec.expensiveByWindow.get(g);
                assertThat(chosen).as("generation %d evaluates perGeneration new offspring", g).hasSize(4)
                        .doesNotHaveDuplicates();
                Set<Architecture> rejected = new HashSet<>(rec.cheapByWindow.get(g - 1));
                chosen.forEach(rejected::remove);
                assertThat(rejected).as("generation %d screened more than it kept", g).isNotEmpty();
                double worstChosen = chosen.stream().mapToDouble(CHEAP_ERROR::predict).max().orElseThrow();
                double bestRejected = rejected.stream().mapToDouble(CHEAP_ERROR::predict).min().orElseThrow();
                assertThat(worstChosen).as("generation %d", g).isLessThanOrEqualTo(bestRejected);
            }
        }
    }

    @Test
    void more_screening_rounds_put_more_offspring_before_the_cheap_predictor() {
        Recorder one = run(GuidedSchedule.defaults().withRefit(null).withScreening(1), 3);
        Recorder four = run(GuidedSchedule.defaults().withRefit(null).withScreening(4), 3);
        int g = one.firstExpensive;
        // the first screened generation starts from the same ranked parents, so the pools are comparable
        assertThat(four.cheapByWindow.get(g - 1).size()).isGreaterThan(2 * one.cheapByWindow.get(g - 1).size());
        assertThat(four.cheapByWindow.get(g - 1)).containsAll(one.cheapByWindow.get(g - 1));
    }

    @Test
    void a_refit_changes_the_choice_but_still_prefers_offspring_the_cheap_predictor_rates_well() {
        Recorder plain = run(GuidedSchedule.defaults().withRefit(null).withScreening(3), 4);
        Recorder refit = run(GuidedSchedule.defaults().withScreening(3), 4);
        boolean differs = false;
        double chosenSum = 0;
        int chosenN = 0;
        double rejectedSum = 0;
        int rejectedN = 0;
        for (int g = refit.firstExpensive + 1; g <= Math.min(refit.last, plain.last); g++) {
            differs |= !new HashSet<>(refit.expensiveByWindow.get(g))
                    .equals(new HashSet<>(plain.expensiveByWindow.get(g)));
        }
        for (int g = refit.firstExpensive + 1; g <= refit.last; g++) {
            List<Architecture> chosen = refit.expensiveByWindow.get(g);
            Set<Architecture> rejected = new HashSet<>(refit.cheapByWindow.get(g - 1));
            chosen.forEach(rejected::remove);
            for (Architecture a : chosen) {
                chosenSum += CHEAP_ERROR.predict(a);
                chosenN++;
            }
            for (Architecture a : rejected) {
                rejectedSum += CHEAP_ERROR.predict(a);
                rejectedN++;
            }
        }
        assertThat(differs).as("the refitted model, not the raw cheap score, ranks the offspring").isTrue();
        assertThat(chosenN).isPositive();
        assertThat(rejectedN).isPositive();
        // CIFAR-100 error and CIFAR-10 accuracy move in opposite directions, and the refit learns that
        assertThat(chosenSum / chosenN).isLessThan(rejectedSum / rejectedN);
    }

    /**
     * 200 minus the accuracy on CIFAR-100, higher is better: always above any CIFAR-10 accuracy, and misleading, so
     * the expensive phase starts from poor parents and improves over several generations before it stalls.
     */
    private static final PerformancePredictor CHEAP_HIGH = new PerformancePredictor() {
        private final PerformancePredictor acc = TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR100);

        @Override
        public String name() {
            return "misleading-cifar100";
        }

        @Override
        public Direction direction() {
            return Direction.HIGHER_IS_BETTER;
        }

        @Override
        public double predict(Architecture architecture) {
            return 200 - acc.predict(architecture);
        }
    };

    @Test
    void patience_stops_at_the_first_expensive_generation_without_improvement_and_ignores_cheap_generations() {
        for (int patience : new int[] {1, 2, 3}) {
            var expensive = expensive();
            SearchResult r = HybridSearch.builder().space(Nb201Space.space()).initialPredictor(CHEAP_HIGH)
                    .finalPredictor(expensive).iterations(40).populationSize(10).switchAt(3).seed(11)
                    .guided(GuidedSchedule.defaults().withPatience(patience)).build().run();
            List<SearchResult.IterationStats> exp = r.history().stream()
                    .filter(s -> s.predictor().equals(expensive.name())).toList();
            int last = exp.size() - 1;
            assertThat(r.history().size()).as("patience %d stops the run early", patience).isLessThan(40);
            assertThat(r.history().get(r.history().size() - 1)).isEqualTo(exp.get(last));
            // cheap generations (all scored above any expensive one) never count toward patience
            assertThat(last).as("patience %d: improvements kept the run going past the first check", patience)
                    .isGreaterThan(patience);
            for (int j = patience; j < last; j++) {
                assertThat(exp.get(j).bestScore()).as("patience %d, expensive generation %d improved", patience, j)
                        .isGreaterThan(exp.get(j - patience).bestScore());
            }
            assertThat(exp.get(last).bestScore()).isEqualTo(exp.get(last - patience).bestScore());
        }
    }

    @Test
    void with_every_call_raw_a_refitted_run_picks_exactly_what_a_run_without_refit_picks() {
        Recorder plain = run(GuidedSchedule.defaults().withRefit(null).withScreening(3), 6);
        Recorder allRaw = run(GuidedSchedule.defaults().withScreening(3).withRawShare(1), 6);
        assertThat(allRaw.expensiveByWindow).isEqualTo(plain.expensiveByWindow);
        // and a refit that picks everything chooses differently
        Recorder noRaw = run(GuidedSchedule.defaults().withScreening(3).withRawShare(0), 6);
        assertThat(noRaw.expensiveByWindow).isNotEqualTo(plain.expensiveByWindow);
    }

    @Test
    void raw_picks_go_to_the_offspring_the_raw_cheap_predictor_ranks_best_among_those_the_refit_left() {
        for (long seed = 7; seed <= 8; seed++) {
            Recorder rec = run(GuidedSchedule.defaults().withScreening(3).withRawShare(0.5), seed);
            int checked = 0;
            for (int g = rec.firstExpensive + 1; g <= rec.last; g++) {
                List<Architecture> chosen = rec.expensiveByWindow.get(g);
                Set<Architecture> rejected = new HashSet<>(rec.cheapByWindow.get(g - 1));
                chosen.forEach(rejected::remove);
                if (chosen.size() < 10 || rejected.isEmpty()) {
                    continue;
                }
                // the 5 raw picks are at least as good by the raw cheap score as every rejected offspring
                double bestRejected = rejected.stream().mapToDouble(CHEAP_ERROR::predict).min().orElseThrow();
                long asGood = chosen.stream().filter(a -> CHEAP_ERROR.predict(a) <= bestRejected).count();
                assertThat(asGood).as("generation %d", g).isGreaterThanOrEqualTo(5);
                checked++;
            }
            assertThat(checked).isGreaterThan(3);
        }
    }

    /** Ranks as CIFAR-100's error rate does, but says higher is better: it prefers the worst architectures. */
    private static final PerformancePredictor CONTRARIAN = new PerformancePredictor() {
        @Override
        public String name() {
            return "contrarian";
        }

        @Override
        public Direction direction() {
            return Direction.HIGHER_IS_BETTER;
        }

        @Override
        public double predict(Architecture architecture) {
            return CHEAP_ERROR.predict(architecture);
        }
    };

    @Test
    void a_cheap_predictor_that_disagrees_with_the_expensive_one_gets_more_calls_per_generation() {
        GuidedSchedule g = GuidedSchedule.defaults().withScreening(3)
                .withDisagreement(new GuidedSchedule.Disagreement(0.1, 15));
        // the error rate minimises and the accuracy maximises, yet they agree: 10 calls per generation
        Recorder agreeing = run(g, 9, CHEAP_ERROR);
        // ranks the other way round: 15 calls per generation once 20 expensive scores are known
        Recorder disagreeing = run(g, 9, CONTRARIAN);
        for (int gen = agreeing.firstExpensive + 1; gen <= agreeing.last; gen++) {
            assertThat(agreeing.expensiveByWindow.get(gen)).as("generation %d", gen).hasSizeLessThanOrEqualTo(10);
        }
        int fifteen = 0;
        for (int gen = disagreeing.firstExpensive + 1; gen <= disagreeing.last; gen++) {
            assertThat(disagreeing.expensiveByWindow.get(gen)).as("generation %d", gen).hasSizeLessThanOrEqualTo(15);
            fifteen += disagreeing.expensiveByWindow.get(gen).size() == 15 ? 1 : 0;
        }
        assertThat(fifteen).isGreaterThan(3);
        // without the rule, the contrarian gets 10 like any other
        Recorder fixed = run(g.withDisagreement(null), 9, CONTRARIAN);
        for (int gen = fixed.firstExpensive + 1; gen <= fixed.last; gen++) {
            assertThat(fixed.expensiveByWindow.get(gen)).as("generation %d", gen).hasSizeLessThanOrEqualTo(10);
        }
    }
}
