package dev.llmnas.predictors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.HatSpaces;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every evaluator of {@link TreeEnsemble} must return exactly the float {@code Booster.predict} returns (same
 * bits), on ordinary rows and on the edge cases of a split: values equal to a threshold or one ulp either side,
 * both zeros, and missing values (NaN, of either sign), which follow each node's default direction.
 */
class TreeEvaluatorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}, depth {1}")
    @CsvSource({"reg:squarederror, 6", "reg:absoluteerror, 6", "reg:pseudohubererror, 4",
        "reg:squaredlogerror, 5", "reg:quantileerror, 3", "reg:squarederror, 1"})
    void every_evaluator_is_bit_identical_to_xgboost_on_edge_rows(String objective, int depth) throws Exception {
        int f = 6;
        byte[] json = trainWithMissing(objective, depth, 60, f, 7);
        float[] rows = edgeRows(json, f, 3000, 21);
        int n = rows.length / f;
        float[] expected = Fixtures.xgboostPredict(json, rows, n, f);

        for (TreeEnsemble.Evaluator evaluator : TreeEnsemble.Evaluator.values()) {
            assertBitIdentical(TreeEnsemble.fromXGBoostJson(json, evaluator), rows, n, expected);
        }
        assertBitIdentical(TreeEnsemble.fromXGBoostJson(json, false), rows, n, expected);
        assertThat(TreeEnsemble.fromXGBoostJson(json).evaluator()).isEqualTo(TreeEnsemble.Evaluator.BITVECTOR);
        // the rows really exercise both directions of the missing values and of the splits
        assertThat(java.util.stream.IntStream.range(0, n).mapToObj(i -> expected[i]).distinct().count())
                .isGreaterThan(depth == 1 ? 1 : 50);
    }

    @Test
    void the_benchmark_sized_hat_model_is_bit_identical_to_xgboost_with_every_evaluator() throws Exception {
        SearchSpace space = HatSpaces.wmt14ende();
        DistilledPredictor student = XGBoostDistiller.builder().rounds(300).maxDepth(6).encoding("means").seed(1)
                .build().distill(Fixtures.syntheticTeacher(), space, Fixtures.sample(space, 2000, 1));
        int f = student.encoding().size();
        List<Architecture> test = Fixtures.sample(space, 3000, 2);
        float[] sampled = Fixtures.encodeFloat(student.encoding(), test);
        float[] edges = edgeRows(student.modelJson(), f, 3000, 5);
        float[] rows = new float[sampled.length + edges.length];
        System.arraycopy(sampled, 0, rows, 0, sampled.length);
        System.arraycopy(edges, 0, rows, sampled.length, edges.length);
        int n = rows.length / f;
        float[] expected = Fixtures.xgboostPredict(student.modelJson(), rows, n, f);

        assertThat(student.trees().evaluator()).isEqualTo(TreeEnsemble.Evaluator.BITVECTOR);
        for (TreeEnsemble.Evaluator evaluator : TreeEnsemble.Evaluator.values()) {
            assertBitIdentical(TreeEnsemble.fromXGBoostJson(student.modelJson(), evaluator), rows, n, expected);
        }
        double[] all = student.predictAll(test);
        for (int i = 0; i < test.size(); i++) {
            assertThat(Float.floatToRawIntBits((float) all[i])).as("predictAll row %d", i)
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
            assertThat(Float.floatToRawIntBits((float) student.predict(test.get(i)))).as("predict row %d", i)
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
    }

    @Test
    void trees_deeper_than_six_fall_back_to_the_walk_and_refuse_the_bit_vectors() throws Exception {
        byte[] json = trainWithMissing("reg:squarederror", 8, 20, 5, 3);
        TreeEnsemble auto = TreeEnsemble.fromXGBoostJson(json);
        assertThat(auto.maxDepth()).isGreaterThan(6);
        assertThat(auto.evaluator()).isEqualTo(TreeEnsemble.Evaluator.WALK);
        assertThatThrownBy(() -> TreeEnsemble.fromXGBoostJson(json, TreeEnsemble.Evaluator.BITVECTOR))
                .isInstanceOf(LlmnasException.class).hasMessageContaining("depth at most 6")
                .hasMessageContaining("use WALK");
        float[] rows = edgeRows(json, 5, 1000, 4);
        assertBitIdentical(auto, rows, 1000, Fixtures.xgboostPredict(json, rows, 1000, 5));
    }

    @Test
    void infinities_and_both_zeros_give_the_same_bits_with_every_evaluator() throws Exception {
        int f = 6;
        byte[] json = trainWithMissing("reg:squarederror", 6, 30, f, 11);
        float[] special = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MAX_VALUE,
            -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, Float.NaN};
        SplittableRandom random = new SplittableRandom(2);
        int n = 2000;
        float[] rows = new float[n * f];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = random.nextInt(3) == 0 ? (float) random.nextDouble() : special[random.nextInt(special.length)];
        }
        TreeEnsemble walk = TreeEnsemble.fromXGBoostJson(json, TreeEnsemble.Evaluator.WALK);
        TreeEnsemble generic = TreeEnsemble.fromXGBoostJson(json, false);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = generic.predict(rows, i * f);
        }
        assertBitIdentical(walk, rows, n, expected);
        assertBitIdentical(TreeEnsemble.fromXGBoostJson(json, TreeEnsemble.Evaluator.BITVECTOR), rows, n, expected);
    }

    @Test
    void a_batch_split_across_threads_equals_the_sequential_batch() throws Exception {
        int f = 6;
        byte[] json = trainWithMissing("reg:squarederror", 6, 40, f, 5);
        float[] rows = edgeRows(json, f, 5001, 8);
        TreeEnsemble trees = TreeEnsemble.fromXGBoostJson(json);
        float[] sequential = new float[5001];
        trees.predict(rows, 5001, sequential);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int parallelism : new int[] {1, 2, 3, 7}) {
                float[] parallel = new float[5001];
                trees.predict(rows, 5001, parallel, pool, parallelism);
                assertThat(parallel).as("parallelism %d", parallelism).containsExactly(sequential);
            }
            assertThatThrownBy(() -> trees.predict(rows, 5001, new float[5001], pool, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelism: 0");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void predict_all_on_a_given_executor_equals_the_sequential_result() {
        SearchSpace space = HatSpaces.wmt14ende();
        DistilledPredictor student = XGBoostDistiller.builder().rounds(30).maxDepth(6).seed(4).build()
                .distill(Fixtures.syntheticTeacher(), space, Fixtures.sample(space, 500, 4));
        List<Architecture> many = Fixtures.sample(space, DistilledPredictor.PARALLEL_BATCH * 3 + 5, 6);
        double[] sequential = student.predictAll(many, Runnable::run, 1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            assertThat(student.predictAll(many, pool, 3)).containsExactly(sequential);
            assertThat(student.predictAll(many)).containsExactly(sequential);
            assertThat(sequential[17]).isEqualTo(student.predict(many.get(17)));
            assertThatThrownBy(() -> student.predictAll(many, pool, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelism: 0");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertBitIdentical(TreeEnsemble trees, float[] rows, int n, float[] expected) {
        int f = trees.featureCount();
        float[] batch = new float[n];
        trees.predict(rows, n, batch);
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int want = Float.floatToRawIntBits(expected[i]);
            if (Float.floatToRawIntBits(batch[i]) != want) {
                wrong.add("batch row " + i + ": " + batch[i] + " vs " + expected[i]);
            }
            float single = trees.predict(rows, i * f);
            if (Float.floatToRawIntBits(single) != want) {
                wrong.add("single row " + i + ": " + single + " vs " + expected[i]);
            }
        }
        assertThat(wrong).as(trees.toString()).isEmpty();
    }

    /**
     * Rows mixing uniform values, split thresholds of the model exactly and one ulp either side, both zeros
     * and missing values (NaN, sometimes with the sign bit set).
     */
    private static float[] edgeRows(byte[] json, int f, int n, long seed) throws Exception {
        List<List<Float>> thresholds = new ArrayList<>();
        for (int j = 0; j < f; j++) {
            thresholds.add(new ArrayList<>());
        }
        for (JsonNode tree : JSON.readTree(json).path("learner").path("gradient_booster").path("model").path("trees")) {
            JsonNode left = tree.path("left_children");
            for (int k = 0; k < left.size(); k++) {
                if (left.get(k).asInt() >= 0) {
                    thresholds.get(tree.path("split_indices").get(k).asInt())
                            .add(Float.parseFloat(tree.path("split_conditions").get(k).asText()));
                }
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] rows = new float[n * f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                List<Float> ts = thresholds.get(j);
                int kind = random.nextInt(10);
                float t = ts.isEmpty() ? 0.5f : ts.get(random.nextInt(ts.size()));
                rows[i * f + j] = switch (kind) {
                    case 0 -> t;
                    case 1 -> Math.nextUp(t);
                    case 2 -> Math.nextDown(t);
                    case 3 -> Float.NaN;
                    case 4 -> Float.intBitsToFloat(0xffc00000); // a NaN with the sign bit set
                    case 5 -> random.nextBoolean() ? 0f : -0f;
                    default -> (float) (random.nextDouble() * 1.2 - 0.1);
                };
            }
        }
        return rows;
    }

    /** A model trained on uniform features with 15% missing values, so default directions go both ways. */
    private static byte[] trainWithMissing(String objective, int depth, int rounds, int f, long seed) throws Exception {
        int n = 3000;
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n * f];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                x[i * f + j] = random.nextDouble() < 0.15 ? Float.NaN : (float) random.nextDouble();
            }
            float a = Float.isNaN(x[i * f]) ? 0.9f : x[i * f];
            float b = Float.isNaN(x[i * f + 1]) ? 0.1f : x[i * f + 1];
            float c = Float.isNaN(x[i * f + 2]) ? 0.5f : x[i * f + 2];
            y[i] = (float) (4 + 3 * a - 2 * b * b + Math.sin(7 * c) + (Float.isNaN(x[i * f + 3]) ? 1 : 0)
                    + 0.2 * random.nextGaussian());
        }
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
        if (objective.equals("reg:pseudohubererror")) {
            p.put("huber_slope", 10.0); // with the default of 1 the hessians are too small to split these labels
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
