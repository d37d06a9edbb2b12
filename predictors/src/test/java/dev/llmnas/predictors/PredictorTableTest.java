package dev.llmnas.predictors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
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
    private static List<PredictorTable.Split> splits;

    @BeforeAll
    static void read() {
        splits = PredictorTable.splits(DataPaths.resolve(), "wmt14ende", HAT);
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
        PredictorTable.Row row = PredictorTable.builder("wmt14ende", splits).recorded("HAT", "HAT.valid_BLEU")
                .build().evaluate().get(0);
        double[] mae = new double[3];
        double[] tau = new double[3];
        for (int s = 0; s < 3; s++) {
            List<LabelledArchitecture> test = splits.get(s).test();
            double sum = 0;
            double[] t = new double[test.size()];
            double[] p = new double[test.size()];
            for (int i = 0; i < test.size(); i++) {
                t[i] = test.get(i).record().path("scratch").path("valid_BLEU").asDouble();
                p[i] = test.get(i).record().path("HAT").path("valid_BLEU").asDouble();
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
        assertThat(row.mae().mean()).isCloseTo(maeMean, within(1e-12));
        assertThat(row.mae().std()).isCloseTo(maeStd, within(1e-12));
        assertThat(row.kendall().mean()).isCloseTo((tau[0] + tau[1] + tau[2]) / 3, within(1e-12));
        assertThat(row.maeBySeed()).containsExactly(mae[0], mae[1], mae[2]);
        assertThat(row.failed()).isZero();
        assertThat(row.mae().mean()).isGreaterThan(0.1);
    }

    @Test
    void an_oracle_row_has_zero_error_and_perfect_rank_agreement() {
        Map<Architecture, Double> truth = new HashMap<>();
        splits.forEach(s -> s.test().forEach(r -> truth.put(r.architecture(), r.score(PredictorTable.TRUTH))));
        PredictorTable.Row row = PredictorTable.builder("wmt14ende", splits)
                .fitted("oracle", demos -> predictor("oracle", a -> truth.get(a))).build().evaluate().get(0);
        assertThat(row.mae().toString()).isEqualTo("0.00 (0.00)");
        assertThat(row.kendall().mean()).isEqualTo(1.0);
    }

    @Test
    void a_fitted_row_gets_a_fresh_predictor_built_from_each_seed_demonstrations() {
        List<List<LabelledArchitecture>> seen = new java.util.ArrayList<>();
        PredictorTable.builder("wmt14ende", splits).fitted("spy", demos -> {
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
        splits.forEach(s -> s.test().forEach(r -> truth.put(r.architecture(), r.score(PredictorTable.TRUTH))));
        PerformancePredictor partial = predictor("partial", a -> {
            if (a.getInt("decoder-layer-num") == 1) {
                throw new PredictionException("partial", a, "refused");
            }
            return truth.get(a);
        });
        long expectedFailures = splits.stream().flatMap(s -> s.test().stream())
                .filter(r -> r.architecture().getInt("decoder-layer-num") == 1).count();
        PredictorTable.Row row = PredictorTable.builder("wmt14ende", splits).fitted("partial", d -> partial)
                .build().evaluate().get(0);
        assertThat(expectedFailures).isPositive();
        assertThat(row.failed()).isEqualTo((int) expectedFailures);
        assertThat(row.mae().mean()).isZero();
        assertThat(PredictorTable.format(List.of(row))).contains("(" + expectedFailures + " test architectures failed)");
    }

    @Test
    void rows_keep_their_order_and_labels_must_be_unique() {
        PredictorTable table = PredictorTable.builder("wmt14ende", splits).recorded("b", "HAT.valid_BLEU")
                .recorded("a", "Layer-wise MoS.valid_BLEU").build();
        assertThat(table.evaluate()).extracting(PredictorTable.Row::predictor).containsExactly("b", "a");
        assertThatThrownBy(() -> PredictorTable.builder("wmt14ende", splits).recorded("x", "HAT.valid_BLEU")
                .recorded("x", "HAT.valid_BLEU")).hasMessageContaining("'x' is already in the table");
        assertThatThrownBy(() -> PredictorTable.builder("wmt14ende", splits).build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_task_without_split_files_is_rejected_naming_the_file() {
        assertThatThrownBy(() -> PredictorTable.splits(DataPaths.resolve(), "wmt16roen", HAT))
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
}
