package dev.llmnas.predictors.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Constraint;
import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.PerformancePredictorContract;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.HatLatencyData;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.core.spaces.Nb201Space;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyPredictorTest {
    private static final HatLatencyData.DataSet TITANXP = HatLatencyData.set("wmt14ende", HatLatencyData.Device.TITANXP);
    private static HatLatencyData titanxp;
    private static LatencyPredictor predictor;

    static synchronized HatLatencyData titanxp() {
        if (titanxp == null) {
            titanxp = HatLatencyData.load(TITANXP.file(DataPaths.locate(null, System.getenv(DataPaths.ENV), java.nio.file.Path.of(""))), TITANXP);
        }
        return titanxp;
    }

    static synchronized LatencyPredictor predictor() {
        if (predictor == null) {
            predictor = LatencyPredictor.train(titanxp(), 1);
        }
        return predictor;
    }

    @TempDir
    Path tmp;

    @Test
    void the_features_of_an_architecture_are_those_of_the_measured_files() {
        SearchSpace space = HatSpaces.wmt14ende();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("encoder-embed-dim", 640);
        v.put("encoder-layer-num", 6);
        v.put("encoder-ffn-embed-dim", List.of(1024, 2048, 3072, 1024, 2048, 3072));
        v.put("encoder-self-attention-heads", List.of(4, 8, 4, 8, 4, 4));
        v.put("decoder-embed-dim", 512);
        v.put("decoder-layer-num", 3);
        v.put("decoder-ffn-embed-dim", List.of(1024, 2048, 3072));
        v.put("decoder-self-attention-heads", List.of(4, 4, 8));
        v.put("decoder-ende-attention-heads", List.of(8, 8, 4));
        v.put("decoder-arbitrary-ende-attn", List.of(-1, 1, 2));
        double[] raw = LatencyFeatures.raw(space, Architecture.of(v));
        // widths and depths as they are; per-layer means over active layers; -1/1/2 attend 1/2/3 encoder layers
        assertThat(raw).containsExactly(new double[] {640, 6, 2048, 32.0 / 6, 512, 3, 2048, 16.0 / 3, 20.0 / 3, 2},
                within(1e-12));
        double[] p = LatencyFeatures.products(raw);
        assertThat(p).hasSize(LatencyFeatures.PRODUCT_NAMES.size());
        assertThat(p[LatencyFeatures.PRODUCT_NAMES.indexOf("M*d*g")]).isEqualTo(3 * 512 * 2048.0);
    }

    @Test
    void training_follows_the_protocol_and_records_provenance_with_the_test_error() {
        LatencyProvenance p = predictor().provenance();
        assertThat(p.metric()).isEqualTo("latency-titanxp");
        assertThat(p.task()).isEqualTo("wmt14ende");
        assertThat(p.device()).isEqualTo("titanxp");
        assertThat(p.space()).isEqualTo("hat-wmt14ende");
        assertThat(p.file()).isEqualTo("wmt14ende_gpu_titanxp_all.csv");
        assertThat(p.rows()).isEqualTo(2_000);
        assertThat(List.of(p.trainRows(), p.validRows(), p.testRows())).containsExactly(1_600, 200, 200);
        assertThat(p.featureNames()).isEqualTo(LatencyFeatures.PRODUCT_NAMES);
        // the recorded error is the model's on the test part of the split of the recorded seed
        HatLatencyData.Split split = titanxp().split(p.splitSeed());
        double[] test = LatencyEvaluation.errors(split.test(), r -> predictor().predictFeatures(r.features()));
        assertThat(p.testRmseMs()).isCloseTo(test[0], within(1e-9));
        assertThat(p.testMapd()).isCloseTo(test[1], within(1e-12));
        assertThat(p.testRmseMs()).isBetween(1.0, 30.0);
        assertThat(p.measurementNoise()).isEqualTo(titanxp().measurementNoise());
        assertThat(predictor().name()).isEqualTo("latency-titanxp");
        assertThat(predictor().direction()).isEqualTo(Direction.LOWER_IS_BETTER);
    }

    @Test
    void the_same_seed_trains_the_same_model() {
        assertThat(LatencyPredictor.train(titanxp(), 1).model()).isEqualTo(predictor().model());
        assertThat(LatencyPredictor.train(titanxp(), 2).model()).isNotEqualTo(predictor().model());
    }

    @Test
    void predicted_latency_grows_with_decoder_depth_as_measured() {
        SearchSpace space = HatSpaces.wmt14ende();
        Architecture a = space.sample(new SplittableRandom(4));
        Map<String, Object> deeper = new LinkedHashMap<>(a.values());
        deeper.put("decoder-layer-num", 6);
        for (String d : List.of("decoder-ffn-embed-dim", "decoder-self-attention-heads",
                "decoder-ende-attention-heads", "decoder-arbitrary-ende-attn")) {
            List<?> layers = (List<?>) a.values().get(d);
            Object first = layers.get(0);
            deeper.put(d, java.util.Collections.nCopies(6, first));
        }
        Map<String, Object> shallow = new LinkedHashMap<>(deeper);
        shallow.put("decoder-layer-num", 1);
        double one = predictor().predict(space.canonicalize(Architecture.of(shallow)));
        double six = predictor().predict(Architecture.of(deeper));
        // HAT's Titan Xp data: about 57 ms with one decoder layer, 263 ms with six (mean over the file)
        assertThat(one).isBetween(35.0, 90.0);
        assertThat(six).isBetween(200.0, 340.0);
    }

    @Test
    void a_space_with_the_latency_metric_bounds_it_in_constraints() {
        SearchSpace space = predictor().addTo(HatSpaces.wmt14ende());
        assertThat(space.metricNames()).endsWith("latency-titanxp");
        Constraint c = Constraint.atMost("latency-titanxp", 150);
        SplittableRandom random = new SplittableRandom(11);
        int feasible = 0;
        for (int i = 0; i < 200; i++) {
            Architecture a = space.sample(random);
            boolean ok = c.isSatisfiedBy(a, space);
            assertThat(ok).isEqualTo(predictor().predict(a) <= 150);
            feasible += ok ? 1 : 0;
        }
        assertThat(feasible).isBetween(20, 180);
        assertThatThrownBy(() -> predictor().addTo(HatSpaces.wmt14enfr()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hat-wmt14ende, not of hat-wmt14enfr");
    }

    @Test
    void saving_and_loading_gives_the_same_predictions_and_provenance() throws IOException {
        Path dir = tmp.resolve("latency-titanxp");
        predictor().save(dir);
        LatencyPredictor loaded = LatencyPredictor.load(dir);
        assertThat(loaded.provenance()).isEqualTo(predictor().provenance());
        assertThat(loaded.model()).isEqualTo(predictor().model());
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 50; i++) {
            Architecture a = HatSpaces.wmt14ende().sample(random);
            assertThat(loaded.predict(a)).isEqualTo(predictor().predict(a));
        }
        assertThat(Files.readString(dir.resolve(LatencyPredictor.PROVENANCE_FILE)))
                .contains("\"test_rmse_ms\"").contains("\"device\" : \"titanxp\"");
    }

    @Test
    void a_huber_fit_chosen_on_validation_saves_and_loads_like_a_ridge_fit() {
        HatLatencyData.DataSet set = HatLatencyData.set("wmt19ende", HatLatencyData.Device.TITANXP);
        LatencyPredictor p = LatencyPredictor.train(HatLatencyData.load(set.file(DataPaths.locate(null, System.getenv(DataPaths.ENV), java.nio.file.Path.of(""))), set), 1);
        // on this split the rescaled Huber fit has the lower validation RMSE (15.00 vs 15.23 ms for ridge)
        assertThat(p.provenance().model()).endsWith("chosen: Huber, rescaled to the training mean");
        HatLatencyData.Split split = HatLatencyData.load(set.file(DataPaths.locate(null, System.getenv(DataPaths.ENV), java.nio.file.Path.of(""))), set).split(1);
        var ridgeOnly = LatencyPredictor.fit(split.train(), split.valid(), true);
        assertThat(p.provenance().validRmseMs()).isLessThan(ridgeOnly.validRmse());
        Path dir = tmp.resolve("latency-titanxp-wmt19");
        p.save(dir);
        LatencyPredictor loaded = LatencyPredictor.load(dir);
        assertThat(loaded.provenance()).isEqualTo(p.provenance());
        assertThat(loaded.model()).isEqualTo(p.model());
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20; i++) {
            Architecture a = loaded.space().sample(random);
            assertThat(loaded.predict(a)).isEqualTo(p.predict(a));
        }
    }

    @Test
    void a_missing_or_newer_save_is_a_data_format_error_naming_the_file() throws IOException {
        assertThatThrownBy(() -> LatencyPredictor.load(tmp))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(tmp.resolve(LatencyPredictor.PROVENANCE_FILE) + ": missing");
        Path dir = tmp.resolve("newer");
        predictor().save(dir);
        Path prov = dir.resolve(LatencyPredictor.PROVENANCE_FILE);
        Files.writeString(prov, Files.readString(prov).replace("\"format_version\" : 1", "\"format_version\" : 9"));
        assertThatThrownBy(() -> LatencyPredictor.load(dir))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("format_version 9 is newer");
    }

    @Test
    void products_ridge_beats_the_linear_fit_on_the_raspberry_pi_by_a_wide_margin() {
        HatLatencyData.DataSet set = HatLatencyData.set("wmt14enfr", HatLatencyData.Device.RASPBERRYPI);
        HatLatencyData d = HatLatencyData.load(set.file(DataPaths.locate(null, System.getenv(DataPaths.ENV), java.nio.file.Path.of(""))), set);
        var ours = LatencyEvaluation.evaluate(d, 1, LatencyEvaluation.Model.PRODUCTS_RIDGE, 0);
        var linear = LatencyEvaluation.evaluate(d, 1, LatencyEvaluation.Model.LINEAR, 0);
        assertThat(ours.testRmseMs()).isLessThan(linear.testRmseMs() / 2);
        // close to the measurement noise of this set (0.45%)
        assertThat(ours.testMapd()).isLessThan(0.01);
    }

    @Test
    void hat_mlp_training_is_repeatable_by_seed_and_learns() {
        HatLatencyData.Split s = titanxp().split(3);
        double[][] x = s.train().stream().map(HatLatencyData.Row::features).toArray(double[][]::new);
        double[] y = s.train().stream().mapToDouble(HatLatencyData.Row::totalMs).toArray();
        HatMlp a = HatMlp.train(x, y, 5, 25);
        HatMlp b = HatMlp.train(x, y, 5, 25);
        HatMlp early = HatMlp.train(x, y, 5, 1);
        assertThat(a.predict(x[0])).isEqualTo(b.predict(x[0]));
        double errA = LatencyEvaluation.errors(s.valid(), r -> a.predict(r.features()))[0];
        double errEarly = LatencyEvaluation.errors(s.valid(), r -> early.predict(r.features()))[0];
        assertThat(errA).isLessThan(errEarly);
        assertThatThrownBy(() -> HatMlp.train(x, y, 5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("steps: 0 must be at least 1");
        // HAT's own network, one layer deeper, is another model from the same seed
        HatMlp hats = HatMlp.train(x, y, 5, 1, 4);
        assertThat(hats.predict(x[0])).isNotEqualTo(early.predict(x[0])).isFinite();
        assertThatThrownBy(() -> HatMlp.train(x, y, 5, 1, 0)).hasMessage("hiddenLayers: 0 is not in [1, 8]");
    }

    @Test
    void the_linear_model_recovers_an_exact_linear_relation() {
        SplittableRandom r = new SplittableRandom(1);
        double[][] x = new double[50][3];
        double[] y = new double[50];
        for (int i = 0; i < 50; i++) {
            x[i] = new double[] {r.nextDouble(), r.nextDouble() * 100, 7};
            y[i] = 3 + 2 * x[i][0] - 0.5 * x[i][1];
        }
        LinearModel m = LinearModel.fit(List.of("a", "b", "constant"), x, y, 0);
        assertThat(m.predict(new double[] {0.5, 10, 7})).isCloseTo(3 + 1 - 5, within(1e-6));
        assertThat(m.weights()[2]).isZero();
        assertThatThrownBy(() -> LinearModel.fit(List.of("a"), new double[][] {{1}}, new double[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_huber_fit_keeps_the_shape_of_the_clean_rows_and_the_mean_of_all_rows() {
        SplittableRandom r = new SplittableRandom(2);
        int n = 400;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {1 + r.nextDouble() * 9, 7};
            y[i] = 10 + 5 * x[i][0] + r.nextDouble() * 0.01;
            if (i % 10 == 0) {
                y[i] *= 1.3; // a tenth of the rows measured 30% slow
            }
            sum += y[i];
        }
        LinearModel ls = LinearModel.fit(List.of("a", "constant"), x, y, 0);
        LinearModel huber = LinearModel.fitHuber(List.of("a", "constant"), x, y, 0, 1.345, 30);
        double mean = 0;
        for (double[] row : x) {
            mean += huber.predict(row) / n;
        }
        assertThat(mean).isCloseTo(sum / n, within(1e-6));
        // the shape: prediction at x = 10 over prediction at x = 1 is that of the clean rows, (10 + 50) / (10 + 5)
        double ratio = huber.predict(new double[] {10, 7}) / huber.predict(new double[] {1, 7});
        double lsRatio = ls.predict(new double[] {10, 7}) / ls.predict(new double[] {1, 7});
        assertThat(Math.abs(ratio - 4)).isLessThan(Math.abs(lsRatio - 4)).isLessThan(0.01);
        assertThat(huber.weights()[1]).isZero();
        assertThatThrownBy(() -> LinearModel.fitHuber(List.of("a", "constant"), x, y, 0, 0, 30))
                .hasMessage("c: 0.0 must be a finite number > 0");
        assertThatThrownBy(() -> LinearModel.fitHuber(List.of("a", "constant"), x, y, 0, 1.345, 0))
                .hasMessage("iterations: 0 must be >= 1");
    }

    @Test
    void the_provenance_names_the_candidate_chosen_on_the_validation_rows() {
        assertThat(predictor().provenance().model()).startsWith(LatencyPredictor.MODEL + "; chosen: ")
                .containsAnyOf("chosen: ridge, penalty", "chosen: Huber");
        HatLatencyData.Split split = titanxp().split(1);
        var all = LatencyPredictor.fit(split.train(), split.valid());
        var ridgeOnly = LatencyPredictor.fit(split.train(), split.valid(), true);
        assertThat(all.validRmse()).isLessThanOrEqualTo(ridgeOnly.validRmse());
        assertThat(all.validRmse()).isEqualTo(LatencyPredictor.errors(all.model(), split.valid())[0]);
    }

    @Nested
    class Contract extends PerformancePredictorContract {
        @Override
        protected PerformancePredictor predictor() {
            return LatencyPredictorTest.predictor();
        }

        @Override
        protected SearchSpace space() {
            return HatSpaces.wmt14ende();
        }

        @Override
        protected List<Architecture> sampleArchitectures() {
            return sample(HatSpaces.wmt14ende(), 12, 7);
        }

        @Override
        protected List<Architecture> invalidArchitectures() {
            Map<String, Object> bad = new LinkedHashMap<>(sample(HatSpaces.wmt14ende(), 1, 99).get(0).values());
            bad.put("encoder-embed-dim", 700);
            return List.of(Nb201Space.all().get(3), Architecture.of(bad));
        }
    }
}
