package dev.llmnas.predictors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.InvalidArchitectureException;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.LabelledArchitecture;
import dev.llmnas.core.data.LlmasJsonl;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.core.spaces.Nb201Space;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FewShotPredictorsTest {
    private static final SearchSpace HAT = HatSpaces.wmt14ende();

    @Test
    void knn_with_k_1_returns_the_score_of_the_demonstration_itself() {
        List<Architecture> demos = Fixtures.sample(HAT, 10, 1);
        double[] scores = demos.stream().mapToDouble(Fixtures::syntheticBleu).toArray();
        KnnPredictor knn = KnnPredictor.fit(HAT, demos, scores, 1, Direction.HIGHER_IS_BETTER);
        for (int i = 0; i < demos.size(); i++) {
            assertThat(knn.predict(demos.get(i))).isEqualTo(scores[i]);
        }
        assertThat(knn.name()).isEqualTo("knn(k=1)");
    }

    @Test
    void knn_with_k_equal_to_the_demonstrations_predicts_their_mean_everywhere() {
        List<Architecture> demos = Fixtures.sample(HAT, 10, 2);
        double[] scores = demos.stream().mapToDouble(Fixtures::syntheticBleu).toArray();
        KnnPredictor knn = KnnPredictor.fit(HAT, demos, scores, 10, Direction.HIGHER_IS_BETTER);
        double mean = Arrays.stream(scores).sum() / 10;
        for (Architecture a : Fixtures.sample(HAT, 20, 3)) {
            assertThat(knn.predict(a)).isCloseTo(mean, within(1e-12));
        }
    }

    @Test
    void knn_averages_the_nearest_cells_by_one_hot_distance() {
        SearchSpace space = Nb201Space.space();
        String base = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";
        Architecture query = Nb201Space.parse(base);
        Architecture oneEdgeOff = Nb201Space.parse(base.replaceFirst("skip_connect~0", "none~0"));
        Architecture twoEdgesOff = Nb201Space.parse(base.replaceFirst("skip_connect~0", "none~0")
                .replaceFirst("\\|nor_conv_3x3~0\\|\\+", "|avg_pool_3x3~0|+"));
        Architecture far = Nb201Space.parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        KnnPredictor knn = KnnPredictor.fit(space, List.of(far, twoEdgesOff, oneEdgeOff), new double[] {10, 70, 90}, 2,
                Direction.HIGHER_IS_BETTER);
        assertThat(knn.predict(query)).isEqualTo(80.0);
    }

    @Test
    void ridge_without_penalty_recovers_a_linear_truth_exactly() {
        List<Architecture> demos = Fixtures.sample(HAT, 40, 4);
        double[] w = {3, 0, -2, 1.5, 4, 0.25, 2, -1, 0.5, 1};
        double[] scores = demos.stream().mapToDouble(a -> linear(a, w)).toArray();
        RidgePredictor ridge = RidgePredictor.fit(HAT, demos, scores, 0, Direction.HIGHER_IS_BETTER);
        for (Architecture a : Fixtures.sample(HAT, 100, 5)) {
            assertThat(ridge.predict(a)).isCloseTo(linear(a, w), within(1e-9));
        }
        assertThat(ridge.name()).isEqualTo("ridge(lambda=0)");
    }

    @Test
    void a_huge_ridge_penalty_shrinks_every_prediction_to_the_mean_score() {
        List<Architecture> demos = Fixtures.sample(HAT, 10, 6);
        double[] scores = demos.stream().mapToDouble(Fixtures::syntheticBleu).toArray();
        RidgePredictor ridge = RidgePredictor.fit(HAT, demos, scores, 1e12, Direction.HIGHER_IS_BETTER);
        double mean = Arrays.stream(scores).sum() / 10;
        for (Architecture a : Fixtures.sample(HAT, 20, 7)) {
            assertThat(ridge.predict(a)).isCloseTo(mean, within(1e-6));
        }
    }

    @Test
    void both_learn_something_from_the_paper_demonstrations() {
        List<LabelledArchitecture> train = LlmasJsonl.read(DataPaths.seedArchs(DataPaths.locate(null, System.getenv(DataPaths.ENV), java.nio.file.Path.of("")), 123, "wmt14ende", "train"), HAT);
        List<LabelledArchitecture> test = LlmasJsonl.read(DataPaths.seedArchs(DataPaths.locate(null, System.getenv(DataPaths.ENV), java.nio.file.Path.of("")), 123, "wmt14ende", "test"), HAT);
        double[] y = PredictorTable.scores(train, "scratch.valid_BLEU");
        List<Architecture> archs = PredictorTable.architectures(train);
        double[] truth = PredictorTable.scores(test, "scratch.valid_BLEU");
        double[] constant = new double[truth.length];
        Arrays.fill(constant, Arrays.stream(y).average().orElseThrow());
        double baseline = dev.llmnas.core.metrics.PredictorMetrics.mae(truth, constant);
        RidgePredictor ridge = RidgePredictor.fit(HAT, archs, y, 1, Direction.HIGHER_IS_BETTER);
        double[] predicted = ridge.predictAll(PredictorTable.architectures(test));
        assertThat(dev.llmnas.core.metrics.PredictorMetrics.mae(truth, predicted)).isLessThan(baseline);
        double[] knn = KnnPredictor.fit(HAT, archs, y, 3, Direction.HIGHER_IS_BETTER)
                .predictAll(PredictorTable.architectures(test));
        assertThat(Arrays.stream(knn).allMatch(Double::isFinite)).isTrue();
        assertThat(Arrays.stream(knn).distinct().count()).isGreaterThan(3);
    }

    @Test
    void bad_demonstrations_are_rejected_naming_the_argument() {
        List<Architecture> demos = Fixtures.sample(HAT, 5, 8);
        double[] scores = {1, 2, 3, 4, 5};
        Direction up = Direction.HIGHER_IS_BETTER;
        assertThatThrownBy(() -> KnnPredictor.fit(HAT, demos, scores, 6, up)).hasMessageContaining("k: 6 must be in [1, 5]");
        assertThatThrownBy(() -> KnnPredictor.fit(HAT, demos, new double[4], 1, up)).hasMessageContaining("scores: 4 values for 5");
        assertThatThrownBy(() -> KnnPredictor.fit(HAT, List.of(), new double[0], 1, up)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> RidgePredictor.fit(HAT, demos, scores, -1, up)).hasMessageContaining("lambda: -1.0");
        assertThatThrownBy(() -> RidgePredictor.fit(HAT, demos, new double[] {1, 2, Double.NaN, 4, 5}, 1, up))
                .hasMessageContaining("scores[2]: NaN");
        Map<String, Object> bad = new LinkedHashMap<>(demos.get(1).values());
        bad.put("decoder-layer-num", 9);
        List<Architecture> withBad = List.of(demos.get(0), Architecture.of(bad));
        assertThatThrownBy(() -> RidgePredictor.fit(HAT, withBad, new double[] {1, 2}, 1, up))
                .isInstanceOf(InvalidArchitectureException.class).hasMessageContaining("architectures[1]");
    }

    @Test
    void predicting_an_architecture_of_another_space_is_a_prediction_exception() {
        List<Architecture> demos = Fixtures.sample(HAT, 5, 9);
        double[] scores = {1, 2, 3, 4, 5};
        Architecture cell = Nb201Space.all().get(0);
        assertThatThrownBy(() -> KnnPredictor.fit(HAT, demos, scores, 2, Direction.HIGHER_IS_BETTER).predict(cell))
                .isInstanceOf(PredictionException.class).hasMessageContaining("knn(k=2)");
        assertThatThrownBy(() -> RidgePredictor.fit(HAT, demos, scores, 1, Direction.LOWER_IS_BETTER).predict(cell))
                .isInstanceOf(PredictionException.class).hasMessageContaining("ridge(lambda=1)");
    }

    private static double linear(Architecture a, double[] w) {
        double[] x = HAT.encode(a);
        double s = 7;
        for (int j = 0; j < x.length; j++) {
            s += w[j] * x[j];
        }
        return s;
    }
}
