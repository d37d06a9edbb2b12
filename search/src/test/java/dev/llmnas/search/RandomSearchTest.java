package dev.llmnas.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Constraint;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import org.junit.jupiter.api.Test;

class RandomSearchTest {
    /** Loads the data before any test, so that a missing data folder fails once here, not inside a test. */
    @org.junit.jupiter.api.BeforeAll
    static void data() {
        TestPredictors.natsBench();
    }


    @Test
    void scores_exactly_the_budget_of_distinct_feasible_architectures_and_returns_the_best() {
        var accuracy = new TestPredictors.Counting(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10));
        Constraint convs = Constraint.atMost(Nb201Space.CONVS, 4);
        accuracy.beforeEachCall = a -> assertThat(convs.isSatisfiedBy(a, Nb201Space.space())).isTrue();

        SearchResult result = RandomSearch.builder().space(Nb201Space.space()).predictor(accuracy).budget(300)
                .constraint(convs).seed(4).build().run();

        assertThat(accuracy.calls()).isEqualTo(300);
        assertThat(accuracy.maxCallsOfOneArchitecture()).isEqualTo(1);
        assertThat(result.callsTo(accuracy.name())).isEqualTo(300);
        assertThat(result.history()).hasSize(3).extracting(SearchResult.IterationStats::newCalls)
                .containsExactly(125L, 125L, 50L);
        double bestSeen = accuracy.perArchitecture.keySet().stream()
                .mapToDouble(a -> TestPredictors.natsBench().accuracy(a, NatsBench.Dataset.CIFAR10)).max().orElseThrow();
        assertThat(result.best().score()).isEqualTo(bestSeen);
        assertThat(result.population()).hasSize(125);
        assertThat(result.strategy()).isEqualTo("random");
    }

    @Test
    void a_budget_larger_than_the_feasible_space_fails_clearly() {
        var accuracy = new TestPredictors.Counting(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10));
        // six convolutions: every edge 1x1 or 3x3, only 2^6 = 64 architectures
        RandomSearch search = RandomSearch.builder().space(Nb201Space.space()).predictor(accuracy).budget(100)
                .batchSize(50).constraint(Constraint.atLeast(Nb201Space.CONVS, 6)).maxTries(20_000).build();
        assertThatThrownBy(search::run).isInstanceOf(SearchException.class)
                .hasMessageContaining("iteration 1").hasMessageContaining("already scored");
        assertThat(accuracy.calls()).isEqualTo(50);
    }
}
