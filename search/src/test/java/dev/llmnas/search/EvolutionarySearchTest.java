package dev.llmnas.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Constraint;
import dev.llmnas.core.ScoredArchitecture;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.core.spaces.Nb201Space;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvolutionarySearchTest {
    /** Loads the data before any test, so that a missing data folder fails once here, not inside a test. */
    @org.junit.jupiter.api.BeforeAll
    static void data() {
        TestPredictors.natsBench();
    }

    private static final SearchSpace NB201 = Nb201Space.space();

    private static EvolutionarySearch.Builder evolution(TestPredictors.Counting predictor) {
        return EvolutionarySearch.builder().space(NB201).predictor(predictor);
    }

    @Test
    void finds_an_architecture_close_to_the_true_optimum_of_nas_bench_201() {
        NatsBench table = TestPredictors.natsBench();
        var accuracy = new TestPredictors.Counting(table.predictor(NatsBench.Dataset.CIFAR10));
        double optimum = table.optimum(NatsBench.Dataset.CIFAR10);
        double median = table.records().stream().mapToDouble(r -> r.score("cifar10")).sorted()
                .skip(Nb201Space.SIZE / 2).findFirst().orElseThrow();

        SearchResult result = evolution(accuracy).seed(1).build().run();

        assertThat(result.strategy()).isEqualTo("evolution");
        assertThat(result.best().score()).isEqualTo(table.accuracy(result.best().architecture(),
                NatsBench.Dataset.CIFAR10));
        assertThat(result.best().score()).isGreaterThan(median).isGreaterThan(optimum - 1.0);
        assertThat(result.history()).hasSize(30);
        assertThat(result.population()).hasSize(125);
        assertThat(result.best()).isEqualTo(result.population().get(0));
        assertThat(result.best().metrics()).containsKeys(Nb201Space.CONVS, Nb201Space.CELL_PARAMS);
        // parents are kept, so the best score never drops from one iteration to the next
        for (int i = 1; i < result.history().size(); i++) {
            assertThat(result.history().get(i).bestScore()).isGreaterThanOrEqualTo(result.history().get(i - 1).bestScore());
        }
    }

    @Test
    void never_scores_an_architecture_twice_and_counts_only_real_calls() {
        var accuracy = new TestPredictors.Counting(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR100));

        SearchResult result = evolution(accuracy).seed(3).build().run();

        assertThat(accuracy.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(result.callsTo(accuracy.name())).isEqualTo(accuracy.calls());
        assertThat(result.history().stream().mapToLong(SearchResult.IterationStats::newCalls).sum())
                .isEqualTo(accuracy.calls());
        // without the cache the 25 parents alone would be rescored every iteration: 3,750 calls
        assertThat(accuracy.calls()).isLessThanOrEqualTo(125 + 29 * 100);
        assertThat(result.history().get(0).newCalls()).isBetween(1L, 125L);
    }

    @Test
    void the_same_seed_repeats_a_run_and_another_seed_does_not() {
        var p = new TestPredictors.Counting(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10));
        EvolutionarySearch search = evolution(p).seed(11).build();

        SearchResult a = search.run();
        SearchResult b = search.run();
        SearchResult c = evolution(p).seed(12).build().run();

        assertThat(Results.withoutWallTime(b)).isEqualTo(Results.withoutWallTime(a));
        assertThat(c.history()).isNotEqualTo(a.history());
    }

    @Test
    void every_candidate_satisfies_every_constraint_including_user_metrics() {
        // at most two convolutions and a user metric: no more than one pooling edge
        Constraint convs = Constraint.atMost(Nb201Space.CONVS, 2);
        Constraint pools = Constraint.atMost("pools", a -> a.values().values().stream()
                .filter("avg_pool_3x3"::equals).count(), 1);
        var accuracy = new TestPredictors.Counting(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10));
        accuracy.beforeEachCall = a -> {
            assertThat(convs.isSatisfiedBy(a, NB201)).as("convs of %s", a).isTrue();
            assertThat(pools.isSatisfiedBy(a, NB201)).as("pools of %s", a).isTrue();
        };

        SearchResult result = evolution(accuracy).constraint(convs).constraint(pools).seed(5).build().run();

        assertThat(accuracy.calls()).isGreaterThan(125);
        assertThat(result.best().metrics().get(Nb201Space.CONVS)).isLessThanOrEqualTo(2);
        assertThat(result.best().metrics()).containsKey("pools");
    }

    @Test
    void constraints_that_exclude_each_other_fail_with_a_clear_error_instead_of_looping() {
        var accuracy = new TestPredictors.Counting(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10));
        // each bound alone is met by some cell, together by none: five convolutions hold at least 1,280 weights
        EvolutionarySearch search = evolution(accuracy).constraint(Constraint.atLeast(Nb201Space.CONVS, 5))
                .constraint(Constraint.atMost(Nb201Space.CELL_PARAMS, 256)).maxTries(500).build();

        assertThatThrownBy(search::run).isInstanceOf(SamplingException.class)
                .hasMessageContaining("500 tries and 100 repairs toward the bounds")
                .hasMessageContaining("[convs >= 5.0, cell-params <= 256.0]")
                .hasMessageContaining("the constraints may exclude each other (raise maxTries, relax the constraints)");
        assertThat(accuracy.calls()).isZero();
    }

    @Test
    void a_constraint_beyond_the_spaces_range_is_refused_when_built() {
        var accuracy = new TestPredictors.Counting(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10));
        assertThatThrownBy(() -> evolution(accuracy).constraint(Constraint.atLeast(Nb201Space.CONVS, 7)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("constraint convs >= 7.0 cannot be met in space nb201: convs ranges over [0, 6] there,"
                        + " so no architecture is that large");
        assertThat(accuracy.calls()).isZero();
    }

    @Test
    void deduplication_keeps_every_population_free_of_repeats() {
        var accuracy = new TestPredictors.Counting(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10));
        SearchResult result = evolution(accuracy).deduplicate(true).seed(2).build().run();

        Set<Architecture> distinct = new HashSet<>(result.population().stream()
                .map(ScoredArchitecture::architecture).toList());
        assertThat(distinct).hasSize(125);
        assertThat(result.history().get(0).newCalls()).as("distinct initial architectures").isEqualTo(125);
        SearchResult plain = evolution(new TestPredictors.Counting(accuracy.delegate)).seed(2).build().run();
        // with repeats allowed, the converged population holds far fewer distinct architectures
        assertThat(plain.population().stream().map(ScoredArchitecture::architecture).distinct().count())
                .isLessThan(125);
        assertThat(result.callsTo(accuracy.name())).isGreaterThan(plain.callsTo(accuracy.name()));
    }

    @Test
    void deduplication_survives_parents_so_alike_that_their_crossovers_are_all_repeats() {
        // a score that counts matches on four edges and ignores the other two: the 25 parents become the 5 x 5
        // cells that differ only on the ignored edges, and every crossover of two of them is one of them
        Architecture target = Nb201Space.parse(
                "|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|");
        var matches = new TestPredictors.Counting(new dev.llmnas.core.PerformancePredictor() {
            @Override
            public String name() {
                return "matching-edges";
            }

            @Override
            public dev.llmnas.core.Direction direction() {
                return dev.llmnas.core.Direction.HIGHER_IS_BETTER;
            }

            @Override
            public double predict(Architecture a) {
                return Nb201Space.EDGES.subList(0, 4).stream().filter(e -> a.get(e).equals(target.get(e))).count();
            }
        });

        SearchResult result = evolution(matches).deduplicate(true).seed(7).build().run();

        assertThat(result.best().score()).isEqualTo(4);
        assertThat(result.population().stream().map(ScoredArchitecture::architecture).distinct().count())
                .isEqualTo(125);
    }

    @Test
    void searches_the_hat_space_under_a_flops_budget() {
        SearchSpace hat = HatSpaces.wmt14ende();
        var cheap = new TestPredictors.Counting(TestPredictors.linear(hat, 9));
        double budget = 3.0e9;
        cheap.beforeEachCall = a -> assertThat(hat.metric(a, HatSpaces.FLOPS)).isLessThanOrEqualTo(budget);

        SearchResult result = EvolutionarySearch.builder().space(hat).predictor(cheap)
                .constraint(Constraint.atMost(HatSpaces.FLOPS, budget)).seed(4).paretoMetric(HatSpaces.FLOPS)
                .build().run();

        assertThat(result.best().metrics().get(HatSpaces.FLOPS)).isLessThanOrEqualTo(budget);
        assertThat(cheap.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(result.paretoFront()).isNotEmpty();
    }
}
