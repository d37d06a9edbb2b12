package dev.llmnas.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.SearchResult;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuidedScheduleTest {
    @BeforeAll
    static void data() {
        TestPredictors.natsBench();
    }

    @TempDir
    Path dir;

    private static TestPredictors.Counting expensive() {
        return new TestPredictors.Counting(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10));
    }

    /** Cheap: the error rate on CIFAR-100, an imperfect proxy where lower is better. */
    private static TestPredictors.Counting cheap() {
        return new TestPredictors.Counting(TestPredictors.errorRate(NatsBench.Dataset.CIFAR100));
    }

    private static HybridSearch.Builder hybrid(TestPredictors.Counting cheap, TestPredictors.Counting expensive,
                                               long seed) {
        return HybridSearch.builder().space(Nb201Space.space()).initialPredictor(cheap).finalPredictor(expensive)
                .iterations(20).seed(seed);
    }

    @Test
    void the_guided_schedule_spends_far_fewer_expensive_calls_than_the_paper_schedule_for_as_good_a_result() {
        double optimum = TestPredictors.natsBench().optimum(NatsBench.Dataset.CIFAR10);
        long paperCalls = 0;
        long guidedCalls = 0;
        double paperRegret = 0;
        double guidedRegret = 0;
        for (long seed = 1; seed <= 3; seed++) {
            var pe = expensive();
            SearchResult paper = hybrid(cheap(), pe, seed).build().run();
            var ge = expensive();
            SearchResult guided = hybrid(cheap(), ge, seed).guided(GuidedSchedule.defaults()).build().run();
            paperCalls += pe.calls();
            guidedCalls += ge.calls();
            assertThat(guided.callsTo(ge.name())).isEqualTo(ge.calls());
            paperRegret += optimum - paper.best().score();
            guidedRegret += optimum - guided.best().score();
            assertThat(guided.strategy()).isEqualTo("hybrid-guided");
            assertThat(paper.strategy()).isEqualTo("hybrid");
            // each expensive generation after the first spends at most perGeneration calls on new offspring
            guided.history().stream().filter(s -> s.predictor().equals(ge.name())).skip(1)
                    .forEach(s -> assertThat(s.newCalls()).isLessThanOrEqualTo(10));
        }
        assertThat(guidedCalls).isLessThan(paperCalls / 2);
        assertThat(guidedRegret / 3).isLessThanOrEqualTo(paperRegret / 3 + 0.3);
    }

    @Test
    void patience_stops_the_run_once_the_best_has_not_improved_and_zero_runs_every_iteration() {
        var e1 = expensive();
        SearchResult stopped = hybrid(cheap(), e1, 5).guided(GuidedSchedule.defaults().withPatience(1)).build().run();
        SearchResult full = hybrid(cheap(), expensive(), 5).guided(GuidedSchedule.defaults().withPatience(0)).build()
                .run();
        assertThat(full.history()).hasSize(20);
        assertThat(stopped.history().size()).isLessThan(20).isGreaterThan(10);
        var last = stopped.history().get(stopped.history().size() - 1);
        var before = stopped.history().get(stopped.history().size() - 2);
        assertThat(last.bestScore()).isEqualTo(before.bestScore());
        assertThat(stopped.best().score()).isEqualTo(last.bestScore());
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 10, 13})
    void a_guided_run_stopped_after_any_iteration_resumes_to_exactly_the_uninterrupted_result(int stopAfter) {
        GuidedSchedule g = GuidedSchedule.defaults().withScreening(5);
        SearchResult uninterrupted = hybrid(cheap(), expensive(), 21).guided(g).build().run();
        Path file = dir.resolve("guided.json");
        var cheap = cheap();
        var expensive = expensive();
        assertThatThrownBy(() -> hybrid(cheap, expensive, 21).guided(g).checkpoint(file).listener(new SearchListener() {
            @Override
            public void iterationFinished(SearchProgress progress) {
                if (progress.iteration() == stopAfter) {
                    throw new IllegalStateException("killed after " + stopAfter);
                }
            }
        }).build().run()).hasMessageContaining("killed");
        SearchResult resumed = hybrid(cheap, expensive, 21).guided(g).checkpoint(file).build().resume(file);

        assertThat(Results.withoutWallTime(resumed)).isEqualTo(Results.withoutWallTime(uninterrupted));
        assertThat(expensive.maxCallsOfOneArchitecture()).isLessThanOrEqualTo(1);
        assertThat(expensive.calls()).isEqualTo(uninterrupted.callsTo(expensive.name()));
        // a checkpoint of another schedule is refused, naming the setting
        assertThatThrownBy(() -> hybrid(cheap(), expensive(), 21).guided(g.withScreening(3)).build().resume(file))
                .hasMessageContaining("guided");
    }

    @Test
    void the_fingerprint_records_the_schedule_and_differs_with_each_setting() {
        var paper = hybrid(cheap(), expensive(), 1).build();
        var guided = hybrid(cheap(), expensive(), 1).guided(GuidedSchedule.defaults()).build();
        assertThat(paper.fingerprint()).doesNotContainKey("guided");
        assertThat(paper.guided()).isEmpty();
        assertThat(guided.guided()).contains(GuidedSchedule.defaults());
        assertThat(guided.fingerprint()).containsEntry("guided",
                "screening 1, perGeneration 10, refit ridge(1.0), patience 0, rawShare 0.7, disagreement tau<0.1 -> 15")
                .containsEntry("strategy", "hybrid-guided");
        GuidedSchedule d = GuidedSchedule.defaults();
        for (GuidedSchedule other : new GuidedSchedule[] {d.withScreening(2), d.withPerGeneration(5),
                d.withRefit(null), d.withRefit(Refit.ridge(3)), d.withPatience(4), d.withRawShare(0),
                d.withDisagreement(null), d.withDisagreement(new GuidedSchedule.Disagreement(0.2, 15))}) {
            assertThat(hybrid(cheap(), expensive(), 1).guided(other).build().fingerprint())
                    .isNotEqualTo(guided.fingerprint());
        }
    }

    @Test
    void bad_settings_are_rejected_naming_the_setting_and_what_is_allowed() {
        assertThatThrownBy(() -> GuidedSchedule.defaults().withScreening(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("screening: 0")
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> GuidedSchedule.defaults().withPerGeneration(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perGeneration: -1");
        assertThatThrownBy(() -> GuidedSchedule.defaults().withPatience(-2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("patience: -2");
        assertThatThrownBy(() -> GuidedSchedule.defaults().withRawShare(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rawShare: 1.5")
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> GuidedSchedule.defaults().withRawShare(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rawShare: NaN");
        assertThatThrownBy(() -> GuidedSchedule.defaults().withRawShare(-0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rawShare: -0.1");
        assertThatThrownBy(() -> new GuidedSchedule.Disagreement(1.5, 15))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("belowTau: 1.5")
                .hasMessageContaining("[-1, 1]");
        assertThatThrownBy(() -> new GuidedSchedule.Disagreement(Double.NaN, 15))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("belowTau: NaN");
        assertThatThrownBy(() -> new GuidedSchedule.Disagreement(0.1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perGeneration: 0");
        assertThatThrownBy(() -> HybridSearch.builder().guided(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("guided");
        assertThatThrownBy(() -> hybrid(cheap(), expensive(), 1).switchAt(0).guided(GuidedSchedule.defaults())
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("needs both phases");
        assertThatThrownBy(() -> hybrid(cheap(), expensive(), 1).switchAt(20).guided(GuidedSchedule.defaults())
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("switchAt in [1, 19]");
    }

    @Test
    void the_raw_share_becomes_whole_calls_per_generation_rounded_half_up() {
        GuidedSchedule d = GuidedSchedule.defaults();
        assertThat(d.rawShare()).isEqualTo(0.7);
        assertThat(d.rawPicks()).isEqualTo(7);
        assertThat(d.withPerGeneration(5).rawPicks()).isEqualTo(4);
        assertThat(d.withPerGeneration(3).rawPicks()).isEqualTo(2);
        assertThat(d.withPerGeneration(1).rawPicks()).isEqualTo(1);
        assertThat(d.withRawShare(0.25).withPerGeneration(2).rawPicks()).isEqualTo(1);
        assertThat(d.withRawShare(0.24).withPerGeneration(2).rawPicks()).isEqualTo(0);
        assertThat(d.withRawShare(1).rawPicks()).isEqualTo(10);
        assertThat(d.withRawShare(0).rawPicks()).isZero();
        assertThat(new GuidedSchedule(1, 10, Refit.ridge(1), 0).rawShare()).isZero();
        assertThat(d.withRawShare(0.5)).isNotEqualTo(d).isEqualTo(d.withRawShare(0.5));
        assertThat(d.withRawShare(0.5).hashCode()).isEqualTo(d.withRawShare(0.5).hashCode());
    }

    @Test
    void a_generation_spends_the_disagreement_calls_only_when_the_agreement_is_known_and_below_the_threshold() {
        GuidedSchedule d = GuidedSchedule.defaults();
        assertThat(d.disagreement()).isEqualTo(new GuidedSchedule.Disagreement(0.1, 15));
        assertThat(d.callsFor(Double.NaN)).isEqualTo(10);
        assertThat(d.callsFor(0.5)).isEqualTo(10);
        assertThat(d.callsFor(0.1)).isEqualTo(10);
        assertThat(d.callsFor(0.0999)).isEqualTo(15);
        assertThat(d.callsFor(-1)).isEqualTo(15);
        assertThat(d.withDisagreement(null).callsFor(-1)).isEqualTo(10);
        assertThat(d.rawPicks(15)).isEqualTo(11);
        assertThat(d.rawPicks(0)).isZero();
        assertThat(new GuidedSchedule(1, 10, null, 0).disagreement()).isNull();
    }
}
