package dev.llmnas.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Constraint;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.ScoredArchitecture;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.core.spaces.Nb201Space;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class HybridSearchTest {
    /** Loads the data before any test, so that a missing data folder fails once here, not inside a test. */
    @org.junit.jupiter.api.BeforeAll
    static void data() {
        TestPredictors.natsBench();
    }

    private static final SearchSpace NB201 = Nb201Space.space();

    private static TestPredictors.Counting expensive() {
        return new TestPredictors.Counting(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10));
    }

    /** Cheap: the error rate on CIFAR-100, an imperfect proxy where lower is better. */
    private static TestPredictors.Counting cheap() {
        return new TestPredictors.Counting(TestPredictors.errorRate(NatsBench.Dataset.CIFAR100));
    }

    @Test
    void ranks_with_the_cheap_predictor_first_and_the_expensive_one_from_the_switch_point() {
        var cheap = cheap();
        var expensive = expensive();
        List<SearchProgress> progress = new ArrayList<>();
        HybridSearch search = HybridSearch.builder().space(NB201).initialPredictor(cheap).finalPredictor(expensive)
                .seed(1).listener(new SearchListener() {
                    @Override
                    public void iterationFinished(SearchProgress p) {
                        progress.add(p);
                    }
                }).build();

        SearchResult result = search.run();

        assertThat(search.switchIteration()).isEqualTo(15);
        assertThat(result.strategy()).isEqualTo("hybrid");
        for (SearchResult.IterationStats s : result.history()) {
            assertThat(s.predictor()).isEqualTo(s.iteration() < 15 ? cheap.name() : expensive.name());
        }
        assertThat(progress).extracting(SearchProgress::phase).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 30).mapToObj(i -> i < 15 ? 0 : 1).toList());
        // the cheap phase ranked by error, lower first: its best score is the minimum of its population
        SearchResult.IterationStats cheapLast = result.history().get(14);
        assertThat(cheapLast.bestScore()).isLessThanOrEqualTo(cheapLast.medianScore());
        assertThat(cheapLast.bestScore()).isLessThan(40);
        SearchResult.IterationStats expensiveLast = result.history().get(29);
        assertThat(expensiveLast.bestScore()).isGreaterThanOrEqualTo(expensiveLast.medianScore());
        assertThat(result.best().predictor()).isEqualTo(expensive.name());
        assertThat(result.best().score()).isGreaterThan(93.0);
        // the expensive predictor only ran from the switch point: at most the first population plus 100 per iteration
        assertThat(expensive.calls()).isEqualTo(result.callsTo(expensive.name())).isLessThanOrEqualTo(125 + 14 * 100);
        assertThat(cheap.calls()).isEqualTo(result.callsTo(cheap.name()));
        assertThat(expensive.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(cheap.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(result.history().subList(0, 15)).allMatch(s -> s.newCalls() <= 125);
        assertThat(result.history().get(15).newCalls()).isBetween(1L, 125L);
    }

    @Test
    void switch_point_can_be_a_fraction_or_an_iteration() {
        var b = HybridSearch.builder().space(NB201).initialPredictor(cheap()).finalPredictor(expensive()).iterations(10);
        assertThat(b.switchAtFraction(0.3).build().switchIteration()).isEqualTo(3);
        var c = HybridSearch.builder().space(NB201).initialPredictor(cheap()).finalPredictor(expensive()).iterations(10);
        assertThat(c.switchAt(7).build().switchIteration()).isEqualTo(7);
        assertThat(HybridSearch.builder().space(NB201).initialPredictor(cheap()).finalPredictor(expensive())
                .iterations(9).build().switchIteration()).isEqualTo(4);
    }

    @Test
    void switching_at_zero_never_calls_the_cheap_predictor() {
        var cheap = cheap();
        var expensive = expensive();
        SearchResult result = HybridSearch.builder().space(NB201).initialPredictor(cheap).finalPredictor(expensive)
                .switchAt(0).iterations(5).seed(2).build().run();
        assertThat(cheap.calls()).isZero();
        assertThat(result.callsTo(cheap.name())).isZero();
        assertThat(result.history()).allMatch(s -> s.predictor().equals(expensive.name()));
    }

    @Test
    void starts_from_a_supplied_population_and_tops_it_up_with_random_feasible_ones() {
        List<Architecture> proposals = new ArrayList<>();
        proposals.add(Nb201Space.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"));
        proposals.add(Nb201Space.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|"));
        int[] supplierCalls = {0};
        var cheap = cheap();
        List<Architecture> firstScored = new ArrayList<>();
        cheap.beforeEachCall = a -> {
            synchronized (firstScored) {
                if (firstScored.size() < 2) {
                    firstScored.add(a);
                }
            }
        };
        SearchResult result = HybridSearch.builder().space(NB201).initialPredictor(cheap).finalPredictor(expensive())
                .constraint(Constraint.atMost(Nb201Space.CONVS, 5))
                .initialPopulation(() -> {
                    supplierCalls[0]++;
                    return proposals;
                }).iterations(4).seed(3).build().run();

        assertThat(supplierCalls[0]).isEqualTo(1);
        // the second proposal has 6 convolutions and breaks the constraint: dropped, never scored
        assertThat(firstScored).first().isEqualTo(proposals.get(0));
        assertThat(cheap.perArchitecture).doesNotContainKey(proposals.get(1));
        assertThat(result.history().get(0).newCalls()).isLessThanOrEqualTo(125);
    }

    @Test
    void parallel_scoring_gives_the_same_result_as_sequential_scoring() {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SearchResult sequential = HybridSearch.builder().space(NB201).initialPredictor(cheap())
                    .finalPredictor(expensive()).seed(8).paretoMetric(Nb201Space.CELL_PARAMS).build().run();
            var expensive = expensive();
            SearchResult parallel = HybridSearch.builder().space(NB201).initialPredictor(cheap())
                    .finalPredictor(expensive).seed(8).paretoMetric(Nb201Space.CELL_PARAMS).executor(pool).build().run();
            assertThat(Results.withoutWallTime(parallel)).isEqualTo(Results.withoutWallTime(sequential));
            assertThat(expensive.maxCallsOfOneArchitecture()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void the_pareto_front_holds_exactly_the_non_dominated_architectures_scored_by_the_final_predictor() {
        var expensive = expensive();
        SearchResult result = HybridSearch.builder().space(NB201).initialPredictor(cheap()).finalPredictor(expensive)
                .seed(6).paretoMetric(Nb201Space.CELL_PARAMS).build().run();

        List<ScoredArchitecture> front = result.paretoFront();
        assertThat(front).isNotEmpty();
        for (int i = 1; i < front.size(); i++) {
            assertThat(front.get(i).metrics().get(Nb201Space.CELL_PARAMS))
                    .isGreaterThan(front.get(i - 1).metrics().get(Nb201Space.CELL_PARAMS));
            assertThat(front.get(i).score()).isGreaterThan(front.get(i - 1).score());
        }
        // nothing scored by the final predictor dominates a point of the front
        NatsBench table = TestPredictors.natsBench();
        for (Architecture a : expensive.perArchitecture.keySet()) {
            double acc = table.accuracy(a, NatsBench.Dataset.CIFAR10);
            double params = NB201.metric(a, Nb201Space.CELL_PARAMS);
            for (ScoredArchitecture p : front) {
                boolean dominates = params <= p.metrics().get(Nb201Space.CELL_PARAMS) && acc >= p.score()
                        && (params < p.metrics().get(Nb201Space.CELL_PARAMS) || acc > p.score());
                assertThat(dominates).as("%s dominates %s", a, p.architecture()).isFalse();
            }
        }
        // the most accurate architecture scored is on the front
        assertThat(front.get(front.size() - 1).score()).isEqualTo(result.best().score());
    }

    @Test
    void a_user_metric_can_define_the_pareto_front() {
        SearchResult result = HybridSearch.builder().space(NB201).initialPredictor(cheap()).finalPredictor(expensive())
                .iterations(6).seed(6).paretoMetric("latency-ms", a -> 1.0 + NB201.metric(a, Nb201Space.CONVS) * 0.5)
                .build().run();
        assertThat(result.paretoFront()).isNotEmpty()
                .allSatisfy(p -> assertThat(p.metrics()).containsKey("latency-ms"));
    }

    @Test
    void a_failing_predictor_stops_the_run_with_the_predictor_and_architecture_named() {
        var expensive = expensive();
        expensive.beforeEachCall = a -> {
            if (expensive.calls() == 10) {
                throw new PredictionException(expensive.name(), a, "GPU fell off the bus");
            }
        };
        HybridSearch search = HybridSearch.builder().space(NB201).initialPredictor(cheap()).finalPredictor(expensive)
                .switchAt(0).iterations(3).build();
        assertThatThrownBy(search::run).isInstanceOf(SearchException.class)
                .hasMessageContaining("iteration 0")
                .hasMessageContaining(expensive.name())
                .hasMessageContaining("GPU fell off the bus");
    }

    @Test
    void non_finite_scores_are_rejected_not_ranked() {
        var nan = new TestPredictors.Counting(new dev.llmnas.core.PerformancePredictor() {
            @Override
            public String name() {
                return "nan";
            }

            @Override
            public Direction direction() {
                return Direction.HIGHER_IS_BETTER;
            }

            @Override
            public double predict(Architecture a) {
                return Double.NaN;
            }
        });
        HybridSearch search = HybridSearch.builder().space(NB201).initialPredictor(nan).finalPredictor(expensive())
                .iterations(2).build();
        assertThatThrownBy(search::run).isInstanceOf(SearchException.class).hasMessageContaining("NaN")
                .hasMessageContaining("finite");
    }

    @Test
    void runs_on_the_hat_space_with_a_flops_and_a_parameter_budget() {
        SearchSpace hat = HatSpaces.wmt14ende();
        var cheap = new TestPredictors.Counting(TestPredictors.linear(hat, 1));
        var expensive = new TestPredictors.Counting(TestPredictors.linear(hat, 2), "linear-2");
        Constraint flops = Constraint.atMost(HatSpaces.FLOPS, 3.0e9);
        Constraint params = Constraint.atMost(HatSpaces.PARAMS, 30e6);
        expensive.beforeEachCall = a -> assertThat(flops.isSatisfiedBy(a, hat) && params.isSatisfiedBy(a, hat)).isTrue();

        SearchResult result = HybridSearch.builder().space(hat).initialPredictor(cheap).finalPredictor(expensive)
                .constraints(List.of(flops, params)).seed(10).build().run();

        assertThat(result.best().metrics().get(HatSpaces.FLOPS)).isLessThanOrEqualTo(3.0e9);
        assertThat(result.best().metrics().get(HatSpaces.PARAMS)).isLessThanOrEqualTo(30e6);
        assertThat(result.callsTo("linear-2")).isEqualTo(expensive.calls());
    }
}
