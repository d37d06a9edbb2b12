package dev.llmnas.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Constraint;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import org.junit.jupiter.api.Test;

class SearchBuilderTest {
    /** Loads the data before any test, so that a missing data folder fails once here, not inside a test. */
    @org.junit.jupiter.api.BeforeAll
    static void data() {
        TestPredictors.natsBench();
    }


    private static HybridSearch.Builder hybrid() {
        return HybridSearch.builder().space(Nb201Space.space())
                .initialPredictor(TestPredictors.errorRate(NatsBench.Dataset.CIFAR100))
                .finalPredictor(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10));
    }

    @Test
    void setters_reject_bad_values_naming_the_field_the_value_and_what_is_allowed() {
        var b = HybridSearch.builder();
        assertThatThrownBy(() -> b.iterations(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("iterations: 0 is not allowed; it must be at least 1");
        assertThatThrownBy(() -> b.populationSize(-5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("populationSize: -5");
        assertThatThrownBy(() -> b.parents(0)).hasMessageContaining("parents: 0");
        assertThatThrownBy(() -> b.mutations(-1)).hasMessageContaining("mutations: -1").hasMessageContaining("at least 0");
        assertThatThrownBy(() -> b.crossovers(-1)).hasMessageContaining("crossovers: -1");
        assertThatThrownBy(() -> b.mutationProbability(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mutationProbability: 1.5 is not allowed; it must be in [0, 1]");
        assertThatThrownBy(() -> b.mutationProbability(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> b.switchAt(-1)).hasMessageContaining("switchAt: -1");
        assertThatThrownBy(() -> b.switchAtFraction(2)).hasMessageContaining("switchAtFraction: 2.0")
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> b.maxTries(0)).hasMessageContaining("maxTries: 0");
        assertThatThrownBy(() -> b.space(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("space: null");
        assertThatThrownBy(() -> b.initialPredictor(null)).hasMessageContaining("initialPredictor: null");
        assertThatThrownBy(() -> b.constraint(null)).hasMessageContaining("constraint: null");
        assertThatThrownBy(() -> b.paretoMetric(" ")).hasMessageContaining("paretoMetric");
        assertThatThrownBy(() -> RandomSearch.builder().budget(0)).hasMessageContaining("budget: 0");
        assertThatThrownBy(() -> RandomSearch.builder().batchSize(0)).hasMessageContaining("batchSize: 0");
    }

    @Test
    void build_rejects_settings_that_conflict() {
        assertThatThrownBy(() -> hybrid().populationSize(125).parents(130).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("parents: 130 exceeds populationSize 125");
        assertThatThrownBy(() -> hybrid().populationSize(100).parents(20).mutations(40).crossovers(30).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("parents (20) + mutations (40) + crossovers (30) = 90 must equal populationSize (100)");
        assertThatThrownBy(() -> hybrid().switchAt(31).build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("switchAt: 31 exceeds iterations 30");
        assertThatThrownBy(() -> hybrid().switchAt(3).switchAtFraction(0.5).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("both set");
        assertThatThrownBy(() -> hybrid().parents(1).mutations(74).crossovers(50).build())
                .hasMessageContaining("at least 2 parents");
        assertThatThrownBy(() -> hybrid().paretoMetric("flops").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("paretoMetric: 'flops' is not one of [convs, cell-params]");
        assertThatThrownBy(() -> hybrid().constraint(Constraint.atMost("flops", 1)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("metric 'flops'");
        assertThatThrownBy(() -> HybridSearch.builder().space(Nb201Space.space())
                .finalPredictor(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("initialPredictor: not set");
        assertThatThrownBy(() -> HybridSearch.builder().build()).hasMessageContaining("space: not set");
        assertThatThrownBy(() -> HybridSearch.builder().space(Nb201Space.space())
                .initialPredictor(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10))
                .finalPredictor(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("both named 'nats-bench:cifar10'");
        assertThatThrownBy(() -> EvolutionarySearch.builder().space(Nb201Space.space()).build())
                .hasMessageContaining("predictor: not set");
    }

    @Test
    void defaults_are_the_papers() {
        HybridSearch search = hybrid().build();
        assertThat(search.switchIteration()).isEqualTo(15);
        assertThat(search.toString()).contains("iterations=30", "populationSize=125", "parents=25", "mutations=50",
                "mutationProbability=0.3", "crossovers=50", "deduplicate=false");
        assertThat(search.name()).isEqualTo("hybrid");
    }

    @Test
    void a_built_search_is_unaffected_by_later_changes_to_its_builder() {
        var b = hybrid().iterations(4).seed(3);
        HybridSearch first = b.build();
        var before = Results.withoutWallTime(first.run());
        b.iterations(6).seed(4).constraint(Constraint.atMost(Nb201Space.CONVS, 1));
        assertThat(Results.withoutWallTime(first.run())).isEqualTo(before);
        assertThat(before.history()).hasSize(4);
    }
}
