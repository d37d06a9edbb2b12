package dev.llmnas.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Constraint;
import dev.llmnas.core.ConstraintException;
import dev.llmnas.core.ScoredArchitecture;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.core.spaces.Nb201Space;
import dev.llmnas.core.spaces.SpaceBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Constraints that are tight, unsatisfiable or broken; spaces told apart by definition; derived sizes. */
class ConstrainedSamplingTest {
    @TempDir
    Path dir;

    private static final SearchSpace HAT = HatSpaces.wmt14ende();

    /** NAS-Bench-201's edges and name with the operations in another order. */
    private static SearchSpace nb201Reordered() {
        List<String> ops = new ArrayList<>(Nb201Space.OPERATIONS);
        java.util.Collections.reverse(ops);
        SpaceBuilder b = SpaceBuilder.named("nb201");
        Nb201Space.EDGES.forEach(e -> b.categorical(e, ops, "operation of " + e));
        return b.metrics(Nb201Space.space().metricNames(), Nb201Space.space()::metrics).build();
    }

    private static EvolutionarySearch.Builder evolution(SearchSpace space) {
        return EvolutionarySearch.builder().space(space).predictor(TestPredictors.linear(space, 4))
                .populationSize(20).iterations(3).seed(9);
    }

    @Test
    void a_checkpoint_of_a_space_with_the_same_name_and_edges_but_operations_in_another_order_is_refused() {
        Path file = dir.resolve("nb201.json");
        evolution(Nb201Space.space()).checkpoint(file).build().run();
        SearchSpace other = nb201Reordered();
        assertThat(other.name()).isEqualTo("nb201");
        AtomicInteger calls = new AtomicInteger();
        TestPredictors.Counting counting = new TestPredictors.Counting(TestPredictors.linear(other, 4));
        counting.beforeEachCall = a -> calls.incrementAndGet();
        assertThatThrownBy(() -> EvolutionarySearch.builder().space(other).predictor(counting).populationSize(20)
                .iterations(3).seed(9).checkpoint(file).build().run())
                .isInstanceOf(SearchException.class)
                .hasMessageContaining("was written in another search space: the space's definition fingerprint is "
                        + Nb201Space.space().fingerprint() + " there but " + other.fingerprint() + " here")
                .hasMessageContaining("space nb201");
        assertThat(calls).hasValue(0);
        // the same definition resumes (here: the finished run returns its result)
        assertThat(evolution(Nb201Space.space()).checkpoint(file).build().run().history()).hasSize(3);
    }

    @Test
    void a_tight_but_satisfiable_flops_bound_on_hat_finds_feasible_architectures() {
        // about 3 in 10,000 random HAT architectures have at most 2.1 GFLOPs
        Constraint tight = Constraint.atMost(HatSpaces.FLOPS, 2.1e9);
        SearchResult r = evolution(HAT).constraint(tight).populationSize(25).build().run();
        assertThat(r.population()).hasSize(25);
        for (ScoredArchitecture s : r.population()) {
            assertThat(HAT.metric(s.architecture(), HatSpaces.FLOPS)).isLessThanOrEqualTo(2.1e9);
        }
    }

    @Test
    void with_few_tries_repair_toward_the_bound_still_finds_varied_feasible_architectures() {
        Constraint tight = Constraint.atMost(HatSpaces.FLOPS, 2.1e9);
        SearchResult r = evolution(HAT).constraint(tight).maxTries(20).deduplicate(true).build().run();
        List<Architecture> archs = r.population().stream().map(ScoredArchitecture::architecture).toList();
        assertThat(archs).hasSize(20).doesNotHaveDuplicates();
        archs.forEach(a -> assertThat(HAT.metric(a, HatSpaces.FLOPS)).isLessThanOrEqualTo(2.1e9));
        // repeatable: repair takes its randomness from the run's seed
        SearchResult again = evolution(HAT).constraint(tight).maxTries(20).deduplicate(true).build().run();
        assertThat(Results.withoutWallTime(again)).isEqualTo(Results.withoutWallTime(r));
    }

    @Test
    void a_bound_below_the_spaces_smallest_value_is_refused_by_build_before_any_call() {
        double min = HAT.metricRange(HatSpaces.FLOPS).orElseThrow().min();
        assertThat(min).isBetween(1.9e9, 2.0e9);
        assertThatThrownBy(() -> evolution(HAT).constraint(Constraint.atMost(HatSpaces.FLOPS, 1.5e9)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("constraint flops <= 1.5E9 cannot be met in space hat-wmt14ende: flops"
                        + " ranges over [1965865128, 6033961188]");
        assertThatThrownBy(() -> RandomSearch.builder().space(Nb201Space.space())
                .predictor(TestPredictors.linear(Nb201Space.space(), 1))
                .constraint(Constraint.atLeast(Nb201Space.CONVS, 7)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("so no architecture is that large");
    }

    @Test
    void a_constraint_no_candidate_meets_that_cannot_be_proven_unsatisfiable_names_the_builder_knobs() {
        Constraint never = Constraint.atMost("latency", a -> 10.0, 1.0);
        assertThatThrownBy(() -> evolution(HAT).constraint(never).maxTries(50).build().run())
                .isInstanceOf(SamplingException.class)
                .hasMessageContaining("iteration 0: no random initial architecture found in 50 tries and 100 repairs"
                        + " toward the bounds: 50 broke the constraints [latency <= 1.0]")
                .hasMessageContaining("(raise maxTries, relax the constraints)")
                .satisfies(e -> {
                    assertThat(((SamplingException) e).tries()).isEqualTo(50);
                    assertThat(((SamplingException) e).constraints()).isEqualTo("[latency <= 1.0]");
                });
    }

    @Test
    void a_constraint_whose_metric_is_nan_for_an_architecture_stops_the_search_naming_both() {
        // too large to enumerate and not monotone: the range is unknown, so the search itself meets the NaN
        SearchSpace space = SpaceBuilder.named("nan-space").perLayerFixed("w", List.of(1, 2, 3, 4), 12, "")
                .metric("size", x -> x.getIntList("w").get(0) == 4 ? Double.NaN : x.getIntList("w").get(1))
                .build();
        assertThat(space.metricRange("size")).isEmpty();
        assertThatThrownBy(() -> evolution(space).constraint(Constraint.atMost("size", 100)).build().run())
                .isInstanceOf(SearchException.class)
                .hasCauseInstanceOf(ConstraintException.class)
                .hasMessageStartingWith("iteration 0: constraint size <= 100.0: metric 'size' is NaN for architecture"
                        + " w=[4,")
                .hasMessageNotContaining("infeasible").hasMessageNotContaining("relax");
        // every architecture NaN, in a small space: the range check of build() meets it first and says so
        SearchSpace allNan = SpaceBuilder.named("all-nan").integer("a", 1, 6, "").metric("size", x -> Double.NaN)
                .build();
        assertThatThrownBy(() -> evolution(allNan).constraint(Constraint.atMost("size", 100)).build())
                .isInstanceOf(ConstraintException.class)
                .hasMessageStartingWith("constraint size <= 100.0: metric 'size' is NaN for architecture a=1;")
                .hasMessageNotContaining("cannot be met");
        assertThatThrownBy(() -> evolution(space).constraint(Constraint.atLeast("lat", x -> Double.NaN, 1)).build().run())
                .isInstanceOf(SearchException.class)
                .hasMessageStartingWith("iteration 0: constraint lat >= 1.0: metric 'lat' is NaN for architecture w=[");
    }

    @Test
    void setting_only_the_population_size_derives_parents_mutations_and_crossovers_in_hats_ratio() {
        var nb = Nb201Space.space();
        var predictor = TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10);
        EvolutionarySearch fifty = EvolutionarySearch.builder().space(nb).predictor(predictor).populationSize(50)
                .iterations(2).build();
        assertThat(fifty.toString()).contains("populationSize=50", "parents=10", "mutations=20", "crossovers=20");
        assertThat(fifty.run().history()).hasSize(2);
        assertThat(EvolutionarySearch.builder().space(nb).predictor(predictor).populationSize(125).build().toString())
                .contains("parents=25", "mutations=50", "crossovers=50");
        assertThat(EvolutionarySearch.builder().space(nb).predictor(predictor).populationSize(60).parents(20).build()
                .toString()).contains("populationSize=60", "parents=20", "mutations=20", "crossovers=20");
        assertThat(EvolutionarySearch.builder().space(nb).predictor(predictor).populationSize(3).build().toString())
                .as("one parent: no crossovers").contains("parents=1", "mutations=2", "crossovers=0");
        assertThat(EvolutionarySearch.builder().space(nb).predictor(predictor).parents(10).mutations(20)
                .crossovers(20).build().toString()).as("population from the parts")
                .contains("populationSize=50");
        assertThatThrownBy(() -> EvolutionarySearch.builder().space(nb).predictor(predictor).populationSize(50)
                .parents(10).mutations(20).crossovers(30).build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("parents (10) + mutations (20) + crossovers (30) = 60 must equal populationSize (50)");
    }

    @Test
    void a_readme_style_params_bound_works_on_a_custom_space_that_declares_the_metric_and_not_otherwise() {
        SearchSpace declared = SpaceBuilder.named("tiny-mlp")
                .integer("layers", 1, 4, "number of hidden layers")
                .perLayer("width", List.of(64, 128, 256), "layers", "units of each hidden layer")
                .metric("params", arch -> arch.getIntList("width").stream().mapToInt(w -> w * w).sum())
                .build();
        SearchResult r = RandomSearch.builder().space(declared).predictor(TestPredictors.linear(declared, 2))
                .constraint(Constraint.atMost("params", 100_000)).budget(10).seed(1).build().run();
        assertThat(r.population()).hasSize(10);
        r.population().forEach(s -> assertThat(s.metrics().get("params")).isLessThanOrEqualTo(100_000));

        SearchSpace undeclared = SpaceBuilder.named("bare").integer("layers", 1, 4, "").build();
        assertThatThrownBy(() -> RandomSearch.builder().space(undeclared)
                .predictor(TestPredictors.linear(undeclared, 2)).constraint(Constraint.atMost("params", 50_000))
                .build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("constraint params <= 50000.0: metric 'params' is not one of [] of space bare; declare it"
                        + " on the space (SpaceBuilder.metric) or pass a function for user metrics");
    }

    @Test
    void a_condition_that_is_not_a_metric_bound_holds_for_every_evaluated_architecture() {
        Constraint deep = Constraint.where("decoder-layer-num >= 4", a -> a.getInt("decoder-layer-num") >= 4);
        SearchResult r = evolution(HAT).constraint(deep).constraint(Constraint.atMost("flops", 4e9))
                .build().run();
        assertThat(r.history()).isNotEmpty();
        for (ScoredArchitecture s : r.population()) {
            assertThat(s.architecture().getInt("decoder-layer-num")).isGreaterThanOrEqualTo(4);
            assertThat(HAT.metric(s.architecture(), "flops")).isLessThanOrEqualTo(4e9);
        }
    }
}
