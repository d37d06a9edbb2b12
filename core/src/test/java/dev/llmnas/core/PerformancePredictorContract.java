package dev.llmnas.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PerformancePredictor} must show. Extend it in a module's tests and supply the
 * predictor, its search space and a few valid architectures; JUnit runs the inherited checks.
 *
 * <pre>{@code
 * class MyPredictorContractTest extends PerformancePredictorContract {
 *     protected PerformancePredictor predictor() { return new MyPredictor(...); }
 *     protected SearchSpace space() { return HatSpaces.wmt14ende(); }
 *     protected List<Architecture> sampleArchitectures() { return sample(space(), 8, 42); }
 * }
 * }</pre>
 *
 * <p>Published in core's test jar ({@code <type>test-jar</type>}). Hooks with defaults:
 * {@link #invalidArchitectures()} (architectures the predictor must refuse; none by default, which skips
 * the failure checks), {@link #tolerance()} (0: scores repeat bit for bit) and {@link #isThreadSafe()}.
 *
 * <p>JUnit makes a new instance per test; {@link #predictor()} is called once per test, so a fresh predictor
 * (e.g. with an empty cache) may be returned each time.
 */
public abstract class PerformancePredictorContract {
    private PerformancePredictor predictor;

    /** The predictor under test. */
    protected abstract PerformancePredictor predictor();

    /** The space the sample architectures come from. */
    protected abstract SearchSpace space();

    /** At least two distinct, valid architectures of {@link #space()} the predictor can score. */
    protected abstract List<Architecture> sampleArchitectures();

    /**
     * Architectures the predictor cannot score (e.g. outside its table or space); predicting one must throw a
     * {@link PredictionException}. Default: none, and the failure checks are skipped.
     */
    protected List<Architecture> invalidArchitectures() {
        return List.of();
    }

    /**
     * How far two predictions of the same architecture may differ. Default 0: the predictor is deterministic
     * and repeats bit for bit.
     */
    protected double tolerance() {
        return 0.0;
    }

    /** Whether concurrent calls must give the sequential results. Default true (a parallel search needs it). */
    protected boolean isThreadSafe() {
        return true;
    }

    /** {@code count} distinct canonical architectures sampled from {@code space} with a fixed seed. */
    protected static List<Architecture> sample(SearchSpace space, int count, long seed) {
        var random = new java.util.SplittableRandom(seed);
        List<Architecture> out = new ArrayList<>();
        for (int tries = 0; out.size() < count && tries < count * 100; tries++) {
            Architecture a = space.sample(random);
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    private PerformancePredictor subject() {
        if (predictor == null) {
            predictor = predictor();
            assertThat(predictor).as("predictor()").isNotNull();
        }
        return predictor;
    }

    private List<Architecture> samples() {
        List<Architecture> samples = sampleArchitectures();
        assertThat(samples).as("sampleArchitectures() must give at least two architectures").hasSizeGreaterThanOrEqualTo(2);
        return List.copyOf(samples);
    }

    private void assertSameScore(double actual, double expected, String what) {
        if (tolerance() == 0.0) {
            assertThat(actual).as(what).isEqualTo(expected);
        } else {
            assertThat(actual).as(what).isCloseTo(expected, within(tolerance()));
        }
    }

    @Test
    void sample_architectures_are_valid_members_of_the_space() {
        for (Architecture a : samples()) {
            space().validate(a);
        }
        assertThat(samples()).as("sample architectures must be distinct").doesNotHaveDuplicates();
    }

    @Test
    void name_is_not_blank_and_stable() {
        String name = subject().name();
        assertThat(name).as("name()").isNotBlank();
        assertThat(subject().name()).as("name() called twice").isEqualTo(name);
    }

    @Test
    void direction_is_set() {
        assertThat(subject().direction()).as("direction()").isNotNull();
        assertThat(subject().direction()).as("direction() called twice").isEqualTo(subject().direction());
    }

    @Test
    void predictions_of_valid_architectures_are_finite() {
        for (Architecture a : samples()) {
            assertThat(subject().predict(a)).as("predict(%s)", a).isFinite();
        }
    }

    @Test
    void predicting_the_same_architecture_twice_gives_the_same_score() {
        for (Architecture a : samples()) {
            double first = subject().predict(a);
            assertSameScore(subject().predict(a), first, "second predict(" + a + ")");
        }
    }

    @Test
    void the_order_of_an_architectures_dimensions_does_not_change_its_score() {
        for (Architecture a : samples()) {
            List<Map.Entry<String, Object>> entries = new ArrayList<>(a.values().entrySet());
            Collections.reverse(entries);
            Map<String, Object> reversed = new LinkedHashMap<>();
            entries.forEach(e -> reversed.put(e.getKey(), e.getValue()));
            assertSameScore(subject().predict(Architecture.of(reversed)), subject().predict(a),
                    "predict of " + a + " with its dimensions in reverse order");
        }
    }

    @Test
    void predict_all_equals_a_predict_loop_in_order() {
        List<Architecture> samples = samples();
        double[] all = subject().predictAll(samples);
        assertThat(all).as("predictAll length").hasSize(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            assertSameScore(all[i], subject().predict(samples.get(i)), "predictAll[" + i + "] vs predict");
        }
        List<Architecture> reversed = new ArrayList<>(samples);
        Collections.reverse(reversed);
        double[] back = subject().predictAll(List.copyOf(reversed));
        for (int i = 0; i < samples.size(); i++) {
            assertSameScore(back[samples.size() - 1 - i], all[i], "predictAll of the reversed list at " + i);
        }
    }

    @Test
    void predict_all_scores_repeated_architectures_alike() {
        List<Architecture> samples = samples();
        List<Architecture> twice = new ArrayList<>(samples);
        twice.addAll(samples);
        double[] all = subject().predictAll(List.copyOf(twice));
        assertThat(all).hasSize(twice.size());
        for (int i = 0; i < samples.size(); i++) {
            assertSameScore(all[samples.size() + i], all[i], "second occurrence of " + samples.get(i));
        }
    }

    @Test
    void try_predict_all_agrees_with_predict_all_and_reports_no_failure_for_valid_architectures() {
        List<Architecture> samples = samples();
        double[] all = subject().predictAll(samples);
        PredictionBatch batch = subject().tryPredictAll(samples);
        assertThat(batch.size()).as("batch size").isEqualTo(samples.size());
        assertThat(batch.failures()).as("failures").isEmpty();
        assertThat(batch.successCount()).isEqualTo(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            assertThat(batch.succeeded(i)).as("succeeded(%d)", i).isTrue();
            assertSameScore(batch.score(i), all[i], "tryPredictAll[" + i + "] vs predictAll");
        }
    }

    @Test
    void empty_lists_give_empty_results() {
        assertThat(subject().predictAll(List.of())).isEmpty();
        PredictionBatch batch = subject().tryPredictAll(List.of());
        assertThat(batch.size()).isZero();
        assertThat(batch.failures()).isEmpty();
    }

    @Test
    void concurrent_predictions_equal_sequential_ones() throws Exception {
        assumeThat(isThreadSafe()).as("predictor declared not thread-safe").isTrue();
        List<Architecture> samples = samples();
        double[] sequential = subject().predictAll(samples);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    double[] out = new double[samples.size()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = subject().predict(samples.get(i));
                    }
                    return out;
                }));
            }
            for (Future<double[]> f : futures) {
                double[] got = f.get();
                for (int i = 0; i < got.length; i++) {
                    assertSameScore(got[i], sequential[i], "concurrent predict of " + samples.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void predicting_null_throws_a_prediction_exception_naming_the_predictor() {
        assertThatThrownBy(() -> subject().predict(null)).as("predict(null)")
                .isInstanceOf(PredictionException.class)
                .satisfies(e -> assertThat(((PredictionException) e).predictor()).isEqualTo(subject().name()));
    }

    @Test
    void predicting_an_invalid_architecture_throws_a_prediction_exception_naming_the_predictor() {
        assumeThat(invalidArchitectures()).as("no invalidArchitectures() given").isNotEmpty();
        for (Architecture bad : invalidArchitectures()) {
            assertThatThrownBy(() -> subject().predict(bad)).as("predict(%s)", bad)
                    .isInstanceOf(PredictionException.class)
                    .satisfies(e -> assertThat(((PredictionException) e).predictor()).isEqualTo(subject().name()));
        }
    }

    @Test
    void try_predict_all_reports_each_failure_at_its_index_and_still_scores_the_rest() {
        assumeThat(invalidArchitectures()).as("no invalidArchitectures() given").isNotEmpty();
        List<Architecture> samples = samples();
        Architecture bad = invalidArchitectures().get(0);
        List<Architecture> mixed = List.of(samples.get(0), bad, samples.get(1));
        PredictionBatch batch = subject().tryPredictAll(mixed);
        assertThat(batch.size()).isEqualTo(3);
        assertThat(batch.failures()).containsOnlyKeys(1);
        assertThat(batch.successCount()).isEqualTo(2);
        assertThat(batch.scoresOrNaN()[1]).as("a failure is never imputed").isNaN();
        assertSameScore(batch.score(0), subject().predict(samples.get(0)), "score before the failure");
        assertSameScore(batch.score(2), subject().predict(samples.get(1)), "score after the failure");
        assertThatThrownBy(() -> batch.score(1)).isInstanceOf(LlmnasException.class);
        assertThatThrownBy(() -> subject().predictAll(mixed)).as("predictAll with an invalid architecture")
                .isInstanceOf(PredictionException.class);
    }
}
