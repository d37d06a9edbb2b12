package dev.llmnas.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.NatsBench;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SearchBenchmarkTest {
    private static NatsBench table;

    @BeforeAll
    static void load() {
        table = NatsBench.load(DataPaths.natsBench(dev.llmnas.examples.PaperDefaults.dataFolder()));
    }

    @Test
    void compares_the_three_methods_on_the_same_seeds_with_the_hybrid_budget_given_to_random_search() {
        var settings = new SearchBenchmark.Settings(NatsBench.Dataset.CIFAR10, 2, 8, 25, 0.5, false);
        List<String> progress = new ArrayList<>();
        // the raw CIFAR-100 accuracy as the cheap predictor, charged 10 expensive calls as a few-shot teacher would be
        SearchBenchmark.Report report = SearchBenchmark.run(table, settings, "hybrid[test]",
                seed -> new SearchBenchmark.CheapPredictor(table.predictor(NatsBench.Dataset.CIFAR100), 10),
                (done, total, detail) -> progress.add(done + "/" + total + " " + detail));

        assertThat(report.methods()).extracting(SearchBenchmark.Summary::method)
                .containsExactly("random", "evolution", "hybrid[test]");
        assertThat(progress).hasSize(6).first().isEqualTo("1/6 hybrid[test] seed 1");
        assertThat(report.optimum()).isEqualTo(table.optimum(NatsBench.Dataset.CIFAR10));
        for (SearchBenchmark.Summary m : report.methods()) {
            assertThat(m.runs()).hasSize(2).extracting(SearchBenchmark.Run::seed).containsExactly(1L, 2L);
            for (SearchBenchmark.Run r : m.runs()) {
                assertThat(r.accuracy()).isEqualTo(table.accuracy(r.best(), NatsBench.Dataset.CIFAR10));
                assertThat(r.regret()).isCloseTo(report.optimum() - r.accuracy(), within(1e-12)).isNotNegative();
            }
        }
        var hybrid = report.method("hybrid[test]").runs();
        var random = report.method("random").runs();
        for (int i = 0; i < 2; i++) {
            assertThat(random.get(i).expensiveCalls()).isEqualTo(hybrid.get(i).expensiveCalls());
            assertThat(hybrid.get(i).expensiveCalls()).isGreaterThan(10);
            assertThat(hybrid.get(i).cheapCalls()).isPositive();
        }
        var evolution = report.method("evolution");
        assertThat(evolution.expensiveFraction()).isCloseTo(evolution.expensiveCalls().mean() / 200.0, within(1e-12));
        assertThat(report.method("hybrid[test]").expensiveCalls().mean())
                .isLessThan(evolution.expensiveCalls().mean());

        var json = report.toJson();
        assertThat(json).hasSize(3);
        assertThat(json.get(2)).containsKeys("method", "accuracy_mean", "accuracy_std", "regret_mean",
                "expensive_calls_mean").containsEntry("method", "hybrid[test]");
        assertThat(report.table()).contains("random", "evolution", "hybrid[test]", "true optimum 94.37",
                "expensive calls (of 200)", "hybrid vs evolution: ");
    }

    @Test
    void each_curve_ends_at_the_methods_final_regret_and_the_guided_hybrid_spends_fewer_calls_than_the_paper_one() {
        var settings = new SearchBenchmark.Settings(NatsBench.Dataset.CIFAR10, 3, 10, 25, 0.5, false, 7,
                List.of("guided", "hybrid", "evolution"), dev.llmnas.search.GuidedSchedule.defaults()
                .withPerGeneration(3).withPatience(0));
        SearchBenchmark.Report report = SearchBenchmark.run(table, settings, "hybrid[test]",
                seed -> new SearchBenchmark.CheapPredictor(table.predictor(NatsBench.Dataset.CIFAR100), 10), null);

        assertThat(report.methods()).extracting(SearchBenchmark.Summary::method)
                .containsExactly("evolution", "hybrid[test]", "guided[test]");
        assertThat(report.method("guided[test]").runs()).extracting(SearchBenchmark.Run::seed)
                .containsExactly(7L, 8L, 9L);
        for (SearchBenchmark.Summary m : report.methods()) {
            SearchBenchmark.Curve c = report.curve(m.method());
            int last = c.calls().length - 1;
            assertThat(c.calls()[last]).isEqualTo((long) m.runs().stream()
                    .mapToLong(SearchBenchmark.Run::expensiveCalls).max().orElseThrow());
            assertThat(c.mean()[last]).isCloseTo(m.regret().mean(), within(1e-9));
            for (SearchBenchmark.Run r : m.runs()) {
                assertThat(r.bestSoFar()).hasSize((int) (r.expensiveCalls() - r.offset()));
                assertThat(r.regretAt(r.expensiveCalls(), report.optimum())).isCloseTo(r.regret(), within(1e-9));
                assertThat(r.regretAt(r.offset(), report.optimum())).isNaN();
            }
            long reach = c.callsToReach(0.1);
            if (reach > 0) {
                assertThat(c.mean()[(int) (reach - c.calls()[0])]).isLessThanOrEqualTo(0.1);
            }
        }
        assertThat(report.curve("hybrid[test]").calls()[0]).isEqualTo(11);
        assertThat(report.method("guided[test]").expensiveCalls().mean())
                .isLessThan(report.method("hybrid[test]").expensiveCalls().mean());
        assertThat(report.table()).contains("guided vs evolution: ", "seeds 7..9");
    }

    @Test
    void teacher_specs_parse_or_fail_naming_what_is_allowed() {
        assertThat(TeacherSpec.parse("proxy:cifar100", NatsBench.Dataset.CIFAR10))
                .isEqualTo(new TeacherSpec.Proxy(NatsBench.Dataset.CIFAR100));
        assertThat(TeacherSpec.parse("PROXY:ImageNet16-120", NatsBench.Dataset.CIFAR10).id())
                .isEqualTo("proxy:imagenet16");
        assertThat(TeacherSpec.parse("fewshot", NatsBench.Dataset.CIFAR10)).isEqualTo(new TeacherSpec.FewShot(10));
        assertThat(TeacherSpec.parse("llm", NatsBench.Dataset.CIFAR10)).isInstanceOf(TeacherSpec.Llm.class);
        assertThat(TeacherSpec.defaultFor(NatsBench.Dataset.CIFAR100).id()).isEqualTo("proxy:cifar10");
        assertThatThrownBy(() -> TeacherSpec.parse("proxy:cifar10", NatsBench.Dataset.CIFAR10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("searched data set itself");
        assertThatThrownBy(() -> TeacherSpec.parse("proxy:mnist", NatsBench.Dataset.CIFAR10))
                .hasMessageContaining("teacher: 'proxy:mnist'").hasMessageContaining("allowed:");
        assertThatThrownBy(() -> TeacherSpec.parse("oracle", NatsBench.Dataset.CIFAR10))
                .hasMessageContaining("not recognised");
    }

    @Test
    void settings_reject_bad_values() {
        assertThatThrownBy(() -> new SearchBenchmark.Settings(NatsBench.Dataset.CIFAR10, 0, 30, 125, 0.5, false))
                .hasMessageContaining("seeds: 0");
        assertThatThrownBy(() -> new SearchBenchmark.Settings(NatsBench.Dataset.CIFAR10, 1, 30, 4, 0.5, false))
                .hasMessageContaining("population: 4");
        assertThatThrownBy(() -> new SearchBenchmark.Settings(NatsBench.Dataset.CIFAR10, 1, 30, 125, 1.5, false))
                .hasMessageContaining("switch-at: 1.5");
        var s = new SearchBenchmark.Settings(NatsBench.Dataset.CIFAR10, 1, 30, 125, 0.5, false);
        assertThat(List.of(s.parents(), s.mutations(), s.crossovers())).containsExactly(25, 50, 50);
        assertThat(s.paperBudget()).isEqualTo(3750);
    }
}
