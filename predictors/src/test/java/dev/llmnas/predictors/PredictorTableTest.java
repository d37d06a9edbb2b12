package dev.llmnas.predictors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.LabelledArchitecture;
import dev.llmnas.core.spaces.HatSpaces;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PredictorTableTest {
    private static final SearchSpace HAT = HatSpaces.wmt14ende();
    /** The paper's protocol, passed explicitly: the library assumes none of it. */
    private static final List<Integer> SEEDS = List.of(123, 456, 789);
    private static final String TRUTH = "scratch.valid_BLEU";
    private static final java.nio.file.Path DATA = DataPaths.locate(null, System.getenv(DataPaths.ENV),
            java.nio.file.Path.of(""));
    private static List<PredictorTable.Split> splits;

    @BeforeAll
    static void read() {
        splits = PredictorTable.splits(DATA, "wmt14ende", HAT, SEEDS, TRUTH);
    }

    @Test
    void the_paper_splits_have_ten_demonstrations_and_twenty_test_architectures_per_seed() {
        assertThat(splits).extracting(PredictorTable.Split::seed).containsExactly(123, 456, 789);
        for (PredictorTable.Split s : splits) {
            assertThat(s.demonstrations()).hasSize(10);
            assertThat(s.test()).hasSize(20);
        }
    }

    @Test
    void a_recorded_row_is_the_mean_and_population_std_of_per_seed_mae_and_kendall() {
        PredictorTable.Row row = PredictorTable.builder("wmt14ende", splits, TRUTH).recorded("HAT", "HAT.valid_BLEU")
                .build().evaluate().get(0);
        double[] mae = new double[3];
        double[] tau = new double[3];
        for (int s = 0; s < 3; s++) {
            List<LabelledArchitecture> test = splits.get(s).test();
            double sum = 0;
            double[] t = new double[test.size()];
            double[] p = new double[test.size()];
            for (int i = 0; i < test.size(); i++) {
                t[i] = test.get(i).score("scratch.valid_BLEU");
                p[i] = test.get(i).score("HAT.valid_BLEU");
                sum += Math.abs(t[i] - p[i]);
            }
            mae[s] = sum / test.size();
            tau[s] = new KendallsCorrelation().correlation(t, p);
        }
        double maeMean = (mae[0] + mae[1] + mae[2]) / 3;
        double maeStd = Math.sqrt(((mae[0] - maeMean) * (mae[0] - maeMean) + (mae[1] - maeMean) * (mae[1] - maeMean)
                + (mae[2] - maeMean) * (mae[2] - maeMean)) / 3);
        assertThat(row.predictor()).isEqualTo("HAT");
        assertThat(row.task()).isEqualTo("wmt14ende");
        assertThat(row.mae().orElseThrow().mean()).isCloseTo(maeMean, within(1e-12));
        assertThat(row.mae().orElseThrow().std()).isCloseTo(maeStd, within(1e-12));
        assertThat(row.kendall().orElseThrow().mean()).isCloseTo((tau[0] + tau[1] + tau[2]) / 3, within(1e-12));
        assertThat(row.maeBySeed()).containsExactly(mae[0], mae[1], mae[2]);
        assertThat(row.failed()).isZero();
        assertThat(row.mae().orElseThrow().mean()).isGreaterThan(0.1);
    }

    @Test
    void an_oracle_row_has_zero_error_and_perfect_rank_agreement() {
        Map<Architecture, Double> truth = new HashMap<>();
        splits.forEach(s -> s.test().forEach(r -> truth.put(r.architecture(), r.score(TRUTH))));
        PredictorTable.Row row = PredictorTable.builder("wmt14ende", splits, TRUTH)
                .fitted("oracle", demos -> predictor("oracle", a -> truth.get(a))).build().evaluate().get(0);
        assertThat(row.mae().orElseThrow().toString()).isEqualTo("0.00 (0.00)");
        assertThat(row.kendall().orElseThrow().mean()).isEqualTo(1.0);
    }

    @Test
    void a_fitted_row_gets_a_fresh_predictor_built_from_each_seed_demonstrations() {
        List<List<LabelledArchitecture>> seen = new java.util.ArrayList<>();
        PredictorTable.builder("wmt14ende", splits, TRUTH).fitted("spy", demos -> {
            seen.add(demos);
            return predictor("spy", a -> 1.0 * a.getInt("decoder-layer-num"));
        }).build().evaluate();
        assertThat(seen).hasSize(3);
        for (int s = 0; s < 3; s++) {
            assertThat(seen.get(s)).isEqualTo(splits.get(s).demonstrations());
        }
    }

    @Test
    void failures_are_counted_and_left_out_of_the_metrics_not_imputed() {
        Map<Architecture, Double> truth = new HashMap<>();
        splits.forEach(s -> s.test().forEach(r -> truth.put(r.architecture(), r.score(TRUTH))));
        PerformancePredictor partial = predictor("partial", a -> {
            if (a.getInt("decoder-layer-num") == 1) {
                throw new PredictionException("partial", a, "refused");
            }
            return truth.get(a);
        });
        long expectedFailures = splits.stream().flatMap(s -> s.test().stream())
                .filter(r -> r.architecture().getInt("decoder-layer-num") == 1).count();
        PredictorTable.Row row = PredictorTable.builder("wmt14ende", splits, TRUTH).fitted("partial", d -> partial)
                .build().evaluate().get(0);
        assertThat(expectedFailures).isPositive();
        assertThat(row.failed()).isEqualTo((int) expectedFailures);
        assertThat(row.predictions()).isEqualTo(60);
        assertThat(row.hasFailures()).isTrue();
        assertThat(row.evaluated()).isTrue();
        assertThat(row.mae().orElseThrow().mean()).isZero();
        assertThat(row.note()).hasValueSatisfying(n -> assertThat(n).startsWith(expectedFailures + " of 60 predictions failed: ")
                .contains("refused"));
        assertThat(PredictorTable.format(List.of(row)))
                .containsPattern("partial\\s+0\\.00 \\(0\\.00\\)\\s+1\\.00 \\(0\\.00\\)\\s+\\(" + expectedFailures
                        + " of 60 predictions failed: .*refused.*\\)");
    }

    @Test
    void a_row_whose_every_prediction_failed_is_not_available_and_the_other_rows_still_count() {
        PerformancePredictor refusing = predictor("refusing", a -> {
            throw new PredictionException("refusing", a, "HTTP 401 Unauthorized");
        });
        List<PredictorTable.Row> rows = PredictorTable.builder("wmt14ende", splits, TRUTH).recorded("HAT", "HAT.valid_BLEU")
                .fitted("refusing", d -> refusing).build().evaluate();
        PredictorTable.Row row = rows.get(1);
        assertThat(row.mae()).isEmpty();
        assertThat(row.kendall()).isEmpty();
        assertThat(row.evaluated()).isFalse();
        assertThat(row.failed()).isEqualTo(60);
        assertThat(row.maeBySeed()).allMatch(v -> v.isNaN());
        assertThat(row.note()).hasValueSatisfying(n -> assertThat(n).startsWith("60 of 60 predictions failed: ")
                .contains("HTTP 401"));
        assertThat(rows.get(0).evaluated()).isTrue();
        assertThat(rows.get(0).note()).isEmpty();
        String text = PredictorTable.format(rows);
        assertThat(text).containsPattern("HAT\\s+\\d\\.\\d\\d \\(\\d\\.\\d\\d\\)")
                .containsPattern("refusing\\s+n/a\\s+n/a\\s+\\(60 of 60 predictions failed: .*HTTP 401.*\\)");
    }

    @Test
    void constant_predictions_keep_their_mae_but_have_no_kendall_tau() {
        Map<Architecture, Double> truth = new HashMap<>();
        splits.forEach(s -> s.test().forEach(r -> truth.put(r.architecture(), r.score(TRUTH))));
        PredictorTable.Row row = PredictorTable.builder("wmt14ende", splits, TRUTH)
                .fitted("constant", d -> predictor("constant", a -> 25.31)).build().evaluate().get(0);
        double expected = 0;
        for (PredictorTable.Split s : splits) {
            double sum = 0;
            for (LabelledArchitecture r : s.test()) {
                sum += Math.abs(r.score(TRUTH) - 25.31);
            }
            expected += sum / s.test().size() / splits.size();
        }
        assertThat(row.mae().orElseThrow().mean()).isCloseTo(expected, within(1e-12));
        assertThat(row.kendall()).isEmpty();
        assertThat(row.hasFailures()).isFalse();
        assertThat(row.note()).hasValue("constant predictions");
        assertThat(PredictorTable.format(List.of(row)))
                .containsPattern("constant\\s+\\d\\.\\d\\d \\(\\d\\.\\d\\d\\)\\s+n/a\\s+\\(constant predictions\\)");
    }

    @Test
    void a_seed_whose_predictor_cannot_be_built_fails_on_its_test_architectures_only() {
        Map<Architecture, Double> truth = new HashMap<>();
        splits.forEach(s -> s.test().forEach(r -> truth.put(r.architecture(), r.score(TRUTH))));
        PredictorTable.Row row = PredictorTable.builder("wmt14ende", splits, TRUTH).fitted("student", demos -> {
            if (demos == splits.get(1).demonstrations()) {
                throw new LlmnasException("only 0 of 20 architectures have a usable label");
            }
            return predictor("student", a -> truth.get(a));
        }).build().evaluate().get(0);
        assertThat(row.failed()).isEqualTo(20);
        assertThat(row.maeBySeed().get(0)).isZero();
        assertThat(row.maeBySeed().get(1)).isNaN();
        assertThat(row.mae()).isEmpty();
        assertThat(row.note()).hasValue("20 of 60 predictions failed: seed 456: only 0 of 20 architectures have a usable label");
    }

    @Test
    void a_row_that_misses_a_metric_must_say_why() {
        assertThatThrownBy(() -> new PredictorTable.Row("wmt14ende", "x", java.util.Optional.empty(),
                java.util.Optional.empty(), List.of(Double.NaN), List.of(Double.NaN), List.of(123), 20, 0,
                java.util.Optional.empty())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("note");
    }

    @Test
    void rows_keep_their_order_and_labels_must_be_unique() {
        PredictorTable table = PredictorTable.builder("wmt14ende", splits, TRUTH).recorded("b", "HAT.valid_BLEU")
                .recorded("a", "Layer-wise MoS.valid_BLEU").build();
        assertThat(table.evaluate()).extracting(PredictorTable.Row::predictor).containsExactly("b", "a");
        assertThatThrownBy(() -> PredictorTable.builder("wmt14ende", splits, TRUTH).recorded("x", "HAT.valid_BLEU")
                .recorded("x", "HAT.valid_BLEU")).hasMessageContaining("'x' is already in the table");
        assertThatThrownBy(() -> PredictorTable.builder("wmt14ende", splits, TRUTH).build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_task_without_split_files_is_rejected_naming_the_file() {
        assertThatThrownBy(() -> PredictorTable.splits(DATA, "wmt16roen", HAT, SEEDS, TRUTH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wmt16roen")
                .hasMessageContaining(Path.of("train.jsonl").toString());
    }

    private static PerformancePredictor predictor(String name, java.util.function.ToDoubleFunction<Architecture> f) {
        return new PerformancePredictor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Direction direction() {
                return Direction.HIGHER_IS_BETTER;
            }

            @Override
            public double predict(Architecture architecture) {
                return f.applyAsDouble(architecture);
            }
        };
    }

    @Test
    void the_seeds_and_the_truth_are_the_callers_choice() {
        List<PredictorTable.Split> one = PredictorTable.splits(DATA, "wmt14ende", HAT, List.of(456), "HAT.valid_BLEU");
        assertThat(one).extracting(PredictorTable.Split::seed).containsExactly(456);
        PredictorTable.Row row = PredictorTable.builder("wmt14ende", one, "HAT.valid_BLEU")
                .recorded("HAT", "HAT.valid_BLEU").build().evaluate().get(0);
        assertThat(row.mae()).hasValueSatisfying(m -> assertThat(m.mean()).isZero());
        assertThatThrownBy(() -> PredictorTable.splits(DATA, "wmt14ende", HAT, List.of(), TRUTH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("seeds: need at least one seed");
        assertThatThrownBy(() -> PredictorTable.builder("wmt14ende", one, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("truth: ' ' must name the score");
    }
}
