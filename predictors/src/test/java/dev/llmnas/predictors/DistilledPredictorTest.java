package dev.llmnas.predictors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.core.spaces.Nb201Space;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistilledPredictorTest {
    private static final SearchSpace HAT = HatSpaces.wmt14ende();
    private static DistilledPredictor student;
    private static List<Architecture> test;

    @BeforeAll
    static void distill() {
        student = XGBoostDistiller.builder().rounds(50).seed(5).build()
                .distill(Fixtures.syntheticTeacher(), HAT, Fixtures.sample(HAT, 500, 71));
        test = Fixtures.sample(HAT, 300, 72);
    }

    @Test
    void saving_and_loading_keeps_every_prediction_and_the_provenance(@TempDir Path dir) throws Exception {
        student.save(dir.resolve("model"));
        DistilledPredictor loaded = DistilledPredictor.load(dir.resolve("model"), HAT);
        assertThat(loaded.provenance()).isEqualTo(student.provenance());
        assertThat(loaded.predictAll(test)).containsExactly(student.predictAll(test));
        assertThat(loaded.name()).isEqualTo(student.name());

        // the saved model is a plain XGBoost JSON model that XGBoost loads by itself
        Booster booster = XGBoost.loadModel(dir.resolve("model").resolve(DistilledPredictor.MODEL_FILE).toString());
        float[] rows = Fixtures.encodeFloat(student.encoding(), test);
        DMatrix matrix = new DMatrix(rows, test.size(), student.encoding().size(), Float.NaN);
        float[][] xgb = booster.predict(matrix);
        matrix.dispose();
        booster.dispose();
        for (int i = 0; i < test.size(); i++) {
            assertThat(Math.abs(loaded.predict(test.get(i)) - xgb[i][0])).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void saving_twice_into_the_same_directory_replaces_the_files(@TempDir Path dir) {
        student.save(dir);
        student.save(dir);
        assertThat(dir.resolve(DistilledPredictor.MODEL_FILE)).exists();
        assertThat(dir.resolve(DistilledPredictor.PROVENANCE_FILE)).exists();
        assertThat(DistilledPredictor.load(dir, HAT).predict(test.get(0))).isEqualTo(student.predict(test.get(0)));
    }

    @Test
    void loading_with_another_space_is_rejected_naming_both(@TempDir Path dir) {
        student.save(dir);
        assertThatThrownBy(() -> DistilledPredictor.load(dir, HatSpaces.wmt19ende()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hat-wmt14ende")
                .hasMessageContaining("hat-wmt19ende");
    }

    @Test
    void loading_a_directory_without_the_files_names_the_missing_file(@TempDir Path dir) {
        assertThatThrownBy(() -> DistilledPredictor.load(dir, HAT))
                .isInstanceOf(DataFormatException.class).hasMessageContaining(DistilledPredictor.PROVENANCE_FILE)
                .hasMessageContaining("missing");
    }

    @Test
    void a_provenance_from_a_newer_format_is_rejected(@TempDir Path dir) throws Exception {
        student.save(dir);
        Path p = dir.resolve(DistilledPredictor.PROVENANCE_FILE);
        Files.writeString(p, Files.readString(p).replace("\"format_version\" : " + DistillationProvenance.FORMAT_VERSION,
                "\"format_version\" : 7"));
        assertThatThrownBy(() -> DistilledPredictor.load(dir, HAT))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("format_version 7");
    }

    @Test
    void a_corrupt_model_file_is_reported_with_its_path(@TempDir Path dir) throws Exception {
        student.save(dir);
        Files.writeString(dir.resolve(DistilledPredictor.MODEL_FILE), "{\"learner\": 3}");
        assertThatThrownBy(() -> DistilledPredictor.load(dir, HAT))
                .isInstanceOf(DataFormatException.class).hasMessageContaining(DistilledPredictor.MODEL_FILE);
    }

    @Test
    void an_architecture_of_another_space_fails_as_a_prediction_exception() {
        Architecture cell = Nb201Space.all().get(7);
        assertThatThrownBy(() -> student.predict(cell))
                .isInstanceOf(PredictionException.class).hasMessageContaining(student.name())
                .hasMessageContaining("hat-wmt14ende");
        Map<String, Object> bad = new LinkedHashMap<>(test.get(0).values());
        bad.put("decoder-ffn-embed-dim", List.of(999));
        bad.put("decoder-layer-num", 1);
        assertThatThrownBy(() -> student.predict(Architecture.of(bad)))
                .isInstanceOf(PredictionException.class).hasMessageContaining("999");
        assertThatThrownBy(() -> student.predictAll(List.of(test.get(0), cell)))
                .isInstanceOf(PredictionException.class);
    }

    @Test
    void a_valid_but_not_canonical_architecture_scores_like_its_canonical_form() {
        Architecture a = test.stream().filter(x -> x.getInt("decoder-layer-num") < 6).findFirst().orElseThrow();
        Map<String, Object> longer = new LinkedHashMap<>(a.values());
        List<Integer> ffn = new ArrayList<>(a.getIntList("decoder-ffn-embed-dim"));
        ffn.add(1024);
        longer.put("decoder-ffn-embed-dim", ffn);
        assertThat(student.predict(Architecture.of(longer))).isEqualTo(student.predict(a));
    }

    @Test
    void predict_all_equals_predict_one_by_one_and_is_deterministic() {
        double[] all = student.predictAll(test);
        for (int i = 0; i < test.size(); i++) {
            assertThat(all[i]).isEqualTo(student.predict(test.get(i)));
        }
        assertThat(student.predictAll(test)).containsExactly(all);
        assertThat(student.predictAll(List.of())).isEmpty();
    }

    @Test
    void a_batch_split_across_the_callers_executor_equals_predict_one_by_one() {
        List<Architecture> many = Fixtures.sample(HAT, DistilledPredictor.PARALLEL_BATCH * 2 + 7, 99);
        java.util.concurrent.atomic.AtomicInteger tasks = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            double[] all = student.predictAll(many, task -> {
                tasks.incrementAndGet();
                pool.execute(task);
            }, 3);
            // three chunks: the caller scores one, the executor the other two
            assertThat(tasks).hasValue(2);
            for (int i = 0; i < many.size(); i++) {
                assertThat(all[i]).as("row %d", i).isEqualTo(student.predict(many.get(i)));
            }
            assertThat(student.predictAll(many)).containsExactly(all);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrent_predictions_equal_sequential_ones() throws Exception {
        double[] expected = student.predictAll(test);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    double[] out = new double[test.size()];
                    for (int rep = 0; rep < 20; rep++) {
                        for (int i = 0; i < test.size(); i++) {
                            out[i] = student.predict(test.get(i));
                        }
                    }
                    return out;
                }));
            }
            for (Future<double[]> f : futures) {
                assertThat(f.get()).containsExactly(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_single_prediction_allocates_nothing() {
        assertThat(allocatedBytesOver20000Predictions(student, test)).isLessThan(20_000);
        SearchSpace cells = Nb201Space.space();
        List<Architecture> pool = Fixtures.sample(cells, 200, 1);
        double[] convs = pool.stream().mapToDouble(a -> cells.metric(a, Nb201Space.CONVS)).toArray();
        DistilledPredictor onCells = XGBoostDistiller.builder().rounds(20).build().distill(cells, pool, convs, "convs");
        assertThat(onCells.trees().maxDepth()).isPositive();
        assertThat(allocatedBytesOver20000Predictions(onCells, Fixtures.sample(cells, 100, 2))).isLessThan(20_000);
    }

    private static long allocatedBytesOver20000Predictions(DistilledPredictor p, List<Architecture> archs) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        double sink = 0;
        for (int i = 0; i < 2_000; i++) {
            sink += p.predict(archs.get(i % archs.size()));
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 20_000; i++) {
            sink += p.predict(archs.get(i % archs.size()));
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(sink).isFinite();
        // a single boxed double or iterator per call would be >= 320,000 bytes here
        return allocated;
    }

    @Test
    void a_model_whose_encoding_now_computes_other_features_is_refused(@TempDir Path dir) throws Exception {
        student.save(dir);
        Path p = dir.resolve(DistilledPredictor.PROVENANCE_FILE);
        String fingerprint = student.provenance().encodingFingerprint();
        assertThat(fingerprint).isNotNull();
        Files.writeString(p, Files.readString(p).replace(fingerprint, "0123456789abcdef"));
        assertThatThrownBy(() -> DistilledPredictor.load(dir, HAT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0123456789abcdef")
                .hasMessageContaining("distil it again");
    }
}
