package dev.llmnas.predictors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.core.spaces.Nb201Space;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TreeEnsembleTest {

    @ParameterizedTest
    @ValueSource(strings = {"means", "per-layer"})
    void predictions_on_thousands_of_hat_architectures_equal_xgboost4j(String encoding) throws Exception {
        SearchSpace space = HatSpaces.wmt14ende();
        List<Architecture> pool = Fixtures.sample(space, 1500, 1);
        DistilledPredictor student = XGBoostDistiller.builder().rounds(60).maxDepth(6).learningRate(0.3)
                .encoding(encoding).seed(3).build().distill(Fixtures.syntheticTeacher(), space, pool);
        List<Architecture> test = Fixtures.sample(space, 4000, 2);
        int f = student.encoding().size();
        float[] rows = Fixtures.encodeFloat(student.encoding(), test);
        float[] expected = Fixtures.xgboostPredict(student.modelJson(), rows, test.size(), f);

        double[] batch = student.predictAll(test);
        double maxBatch = 0;
        double maxSingle = 0;
        for (int i = 0; i < test.size(); i++) {
            maxBatch = Math.max(maxBatch, Math.abs(batch[i] - expected[i]));
            maxSingle = Math.max(maxSingle, Math.abs(student.predict(test.get(i)) - expected[i]));
        }
        assertThat(student.trees().perfectLayout()).isTrue();
        assertThat(maxBatch).isLessThanOrEqualTo(1e-5);
        assertThat(maxSingle).isLessThanOrEqualTo(1e-5);
        // the predictions must actually vary, or equality would prove little
        assertThat(java.util.Arrays.stream(batch).distinct().count()).isGreaterThan(100);
    }

    @Test
    void predictions_on_all_nb201_architectures_equal_xgboost4j() throws Exception {
        NatsBench bench = NatsBench.load(DataPaths.natsBench(DataPaths.locate(null, System.getenv(DataPaths.ENV), java.nio.file.Path.of(""))));
        SearchSpace space = Nb201Space.space();
        List<Architecture> pool = Fixtures.sample(space, 2000, 5);
        DistilledPredictor student = XGBoostDistiller.builder().rounds(80).maxDepth(6).learningRate(0.2).seed(1)
                .build().distill(bench.predictor(NatsBench.Dataset.CIFAR10), space, pool);
        List<Architecture> all = Nb201Space.all();
        float[] rows = Fixtures.encodeFloat(student.encoding(), all);
        float[] expected = Fixtures.xgboostPredict(student.modelJson(), rows, all.size(), student.encoding().size());
        double[] batch = student.predictAll(all);
        double max = 0;
        for (int i = 0; i < all.size(); i++) {
            max = Math.max(max, Math.abs(batch[i] - expected[i]));
            max = Math.max(max, Math.abs(student.predict(all.get(i)) - expected[i]));
        }
        assertThat(all).hasSize(15_625);
        assertThat(max).isLessThanOrEqualTo(1e-5);
    }

    @Test
    void the_node_layout_for_deep_trees_predicts_the_same_as_xgboost4j() throws Exception {
        SearchSpace space = HatSpaces.wmt14ende();
        DistilledPredictor student = XGBoostDistiller.builder().rounds(40).maxDepth(6).seed(2).build()
                .distill(Fixtures.syntheticTeacher(), space, Fixtures.sample(space, 800, 11));
        TreeEnsemble generic = TreeEnsemble.fromXGBoostJson(student.modelJson(), false);
        assertThat(generic.perfectLayout()).isFalse();
        List<Architecture> test = Fixtures.sample(space, 2000, 12);
        int f = generic.featureCount();
        float[] rows = Fixtures.encodeFloat(student.encoding(), test);
        float[] expected = Fixtures.xgboostPredict(student.modelJson(), rows, test.size(), f);
        float[] batch = new float[test.size()];
        generic.predict(rows, test.size(), batch);
        for (int i = 0; i < test.size(); i++) {
            assertThat((double) batch[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
            assertThat((double) generic.predict(rows, i * f)).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void missing_features_follow_each_node_default_direction_like_xgboost() throws Exception {
        // train on data with NaNs so XGBoost learns default directions both ways
        int n = 3000;
        int f = 5;
        SplittableRandom random = new SplittableRandom(9);
        float[] x = new float[n * f];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                x[i * f + j] = random.nextDouble() < 0.2 ? Float.NaN : (float) random.nextDouble();
            }
            float a = Float.isNaN(x[i * f]) ? 0.9f : x[i * f];
            float b = Float.isNaN(x[i * f + 1]) ? 0.1f : x[i * f + 1];
            y[i] = 3 * a - 2 * b * b + (Float.isNaN(x[i * f + 2]) ? 1 : 0);
        }
        byte[] json = trainRaw(x, y, n, f, "reg:squarederror", 50, 8);
        TreeEnsemble ensemble = TreeEnsemble.fromXGBoostJson(json);
        TreeEnsemble generic = TreeEnsemble.fromXGBoostJson(json, false);
        assertThat(json).asString().contains("\"default_left\":[1");
        float[] expected = Fixtures.xgboostPredict(json, x, n, f);
        float[] batch = new float[n];
        ensemble.predict(x, n, batch);
        for (int i = 0; i < n; i++) {
            assertThat(Math.abs(batch[i] - expected[i])).isLessThanOrEqualTo(1e-5f);
            assertThat(Math.abs(ensemble.predict(x, i * f) - expected[i])).isLessThanOrEqualTo(1e-5f);
            assertThat(Math.abs(generic.predict(x, i * f) - expected[i])).isLessThanOrEqualTo(1e-5f);
        }
    }

    @Test
    void integer_order_keys_compare_like_floats_for_every_non_nan_value() {
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL,
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f, 0.5f};
        SplittableRandom random = new SplittableRandom(13);
        float[] values = new float[2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i < special.length ? special[i]
                    : i % 3 == 0 ? Float.intBitsToFloat(random.nextInt()) : (float) (random.nextGaussian() * 3);
            if (Float.isNaN(values[i])) {
                values[i] = 0.25f;
            }
        }
        List<String> wrong = new java.util.ArrayList<>();
        int checked = 0;
        for (float x : values) {
            for (int j = 0; j < values.length + special.length; j++) {
                float t = j < values.length ? values[j] : special[j - values.length];
                checked++;
                if ((TreeEnsemble.orderKey(x) < TreeEnsemble.thresholdKey(t)) != (x < t)) {
                    wrong.add(x + " < " + t);
                }
            }
        }
        assertThat(checked).isEqualTo(2000 * 2013);
        assertThat(wrong).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"reg:squarederror", "reg:absoluteerror", "reg:pseudohubererror", "reg:squaredlogerror",
        "reg:quantileerror"})
    void every_supported_objective_predicts_like_xgboost4j(String objective) throws Exception {
        int n = 1500;
        int f = 4;
        SplittableRandom random = new SplittableRandom(17);
        float[] x = new float[n * f];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (float) random.nextDouble();
            }
            y[i] = (float) (5 + 3 * x[i * f] + Math.sin(6 * x[i * f + 1]) + 0.3 * random.nextGaussian());
        }
        byte[] json = trainRaw(x, y, n, f, objective, 40, 5);
        TreeEnsemble ensemble = TreeEnsemble.fromXGBoostJson(json);
        assertThat(ensemble.objective()).isEqualTo(objective);
        float[] expected = Fixtures.xgboostPredict(json, x, n, f);
        float[] batch = new float[n];
        ensemble.predict(x, n, batch);
        for (int i = 0; i < n; i++) {
            assertThat(Math.abs(batch[i] - expected[i])).isLessThanOrEqualTo(1e-5f);
            assertThat(Math.abs(ensemble.predict(x, i * f) - expected[i])).isLessThanOrEqualTo(1e-5f);
        }
    }

    @Test
    void an_unsupported_objective_is_rejected_naming_it() throws Exception {
        int n = 200;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i / (float) n;
            y[i] = i % 2;
        }
        byte[] json = trainRaw(x, y, n, 1, "binary:logistic", 3, 2);
        assertThatThrownBy(() -> TreeEnsemble.fromXGBoostJson(json))
                .isInstanceOf(LlmnasException.class).hasMessageContaining("binary:logistic")
                .hasMessageContaining("reg:squarederror");
    }

    @Test
    void json_that_is_not_an_xgboost_model_is_rejected_clearly() {
        assertThatThrownBy(() -> TreeEnsemble.fromXGBoostJson("{\"a\":1}".getBytes()))
                .isInstanceOf(LlmnasException.class).hasMessageContaining("no 'learner' object");
        assertThatThrownBy(() -> TreeEnsemble.fromXGBoostJson("not json".getBytes()))
                .isInstanceOf(LlmnasException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void base_score_is_read_as_a_string_or_a_one_element_vector() {
        assertThat(XGBoostJsonModel.baseScore(new TextNode("2.174E1"))).isEqualTo(21.74f);
        assertThat(XGBoostJsonModel.baseScore(new TextNode("[2.174E1]"))).isEqualTo(21.74f);
        assertThatThrownBy(() -> XGBoostJsonModel.baseScore(new TextNode("[1,2]")))
                .isInstanceOf(LlmnasException.class).hasMessageContaining("base_score");
    }

    @Test
    void a_short_feature_row_is_rejected() {
        SearchSpace space = HatSpaces.wmt14ende();
        DistilledPredictor student = XGBoostDistiller.builder().rounds(5).build()
                .distill(Fixtures.syntheticTeacher(), space, Fixtures.sample(space, 50, 1));
        assertThatThrownBy(() -> student.trees().predict(new float[3], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need " + student.trees().featureCount());
    }

    private static byte[] trainRaw(float[] x, float[] y, int n, int f, String objective, int rounds, int depth)
            throws Exception {
        DMatrix d = new DMatrix(x, n, f, Float.NaN);
        d.setLabel(y);
        Map<String, Object> p = new HashMap<>();
        p.put("objective", objective);
        p.put("max_depth", depth);
        p.put("eta", 0.3);
        p.put("nthread", 1);
        p.put("seed", 1);
        if (objective.equals("reg:quantileerror")) {
            p.put("quantile_alpha", 0.5);
        }
        Booster b = XGBoost.train(d, p, rounds, Map.of(), null, null);
        try {
            return b.toByteArray("json");
        } finally {
            b.dispose();
            d.dispose();
        }
    }
}
