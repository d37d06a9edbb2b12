package dev.llmnas.predictors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.core.spaces.Nb201Space;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The few-shot predictors keep their prediction buffers in a {@code ScratchPool} instead of per-instance
 * {@code ThreadLocal}s: their scores must equal an independent computation, and stay the same when many threads
 * share one predictor (a shared buffer would mix one thread's features into another's score).
 */
class PooledScratchPredictorsTest {
    private static final SearchSpace HAT = HatSpaces.wmt14ende();
    private static final int THREADS = 8;
    private static final int ROUNDS = 40;

    private final List<Architecture> demos = Fixtures.sample(HAT, 40, 21);
    private final double[] scores = demos.stream().mapToDouble(Fixtures::syntheticBleu).toArray();
    private final List<Architecture> queries = Fixtures.sample(HAT, 150, 22);

    @Test
    void knn_scores_equal_a_brute_force_average_of_the_nearest_demonstrations() {
        int k = 5;
        KnnPredictor knn = KnnPredictor.fit(HAT, demos, scores, k, Direction.HIGHER_IS_BETTER);
        FeatureEncoding encoding = HAT.encoding();
        List<double[]> x = demos.stream().map(encoding::encode).toList();
        for (Architecture q : queries) {
            double[] f = encoding.encode(q);
            double[] distance = x.stream().mapToDouble(row -> squaredDistance(row, f)).toArray();
            // stable sort: among equal distances the earlier demonstration wins, as in the predictor
            double mean = IntStream.range(0, demos.size()).boxed()
                    .sorted(Comparator.comparingDouble(i -> distance[i]))
                    .limit(k).mapToDouble(i -> scores[i]).sum() / k;
            assertThat(knn.predict(q)).isCloseTo(mean, within(1e-12));
        }
    }

    @Test
    void ridge_scores_equal_the_intercept_plus_the_weighted_features() {
        RidgePredictor ridge = RidgePredictor.fit(HAT, demos, scores, 1, Direction.HIGHER_IS_BETTER);
        double[] w = ridge.weights();
        for (Architecture q : queries) {
            double[] f = HAT.encoding().encode(q);
            double expected = ridge.intercept();
            for (int j = 0; j < w.length; j++) {
                expected += w[j] * f[j];
            }
            assertThat(ridge.predict(q)).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void knn_shared_by_many_threads_gives_every_architecture_its_single_threaded_score() throws Exception {
        assertSameScoresFromManyThreads(KnnPredictor.fit(HAT, demos, scores, 3, Direction.HIGHER_IS_BETTER));
    }

    @Test
    void ridge_shared_by_many_threads_gives_every_architecture_its_single_threaded_score() throws Exception {
        assertSameScoresFromManyThreads(RidgePredictor.fit(HAT, demos, scores, 0.5, Direction.HIGHER_IS_BETTER));
    }

    @Test
    void efficiency_ridge_shared_by_many_threads_gives_every_architecture_its_single_threaded_score()
            throws Exception {
        assertSameScoresFromManyThreads(RidgePredictor.builder().space(HAT)
                .efficiencyMetrics(List.of(HatSpaces.FLOPS)).fit(demos, scores));
    }

    @Test
    void a_failed_prediction_does_not_spoil_the_next_ones() {
        KnnPredictor knn = KnnPredictor.fit(HAT, demos, scores, 3, Direction.HIGHER_IS_BETTER);
        RidgePredictor ridge = RidgePredictor.fit(HAT, demos, scores, 1, Direction.HIGHER_IS_BETTER);
        Architecture cell = Nb201Space.space().sample(new java.util.SplittableRandom(5));
        for (PerformancePredictor p : List.of(knn, ridge)) {
            double before = p.predict(queries.get(0));
            assertThatThrownBy(() -> p.predict(cell)).isInstanceOf(PredictionException.class);
            assertThat(p.predict(queries.get(0))).isEqualTo(before);
        }
    }

    /**
     * Each thread scores every query {@link #ROUNDS} times, starting at a different offset so that threads work
     * on different architectures at the same moment; every score must be bit-for-bit the single-threaded one.
     */
    private void assertSameScoresFromManyThreads(PerformancePredictor predictor) throws Exception {
        double[] expected = queries.stream().mapToDouble(predictor::predict).toArray();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t * queries.size() / THREADS;
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> mismatches = new ArrayList<>();
                    for (int r = 0; r < ROUNDS; r++) {
                        for (int i = 0; i < queries.size(); i++) {
                            int q = (i + offset + r) % queries.size();
                            double got = predictor.predict(queries.get(q));
                            if (Double.doubleToLongBits(got) != Double.doubleToLongBits(expected[q])) {
                                mismatches.add("query " + q + ": " + got + " instead of " + expected[q]);
                            }
                        }
                    }
                    return mismatches;
                }));
            }
            start.countDown();
            for (Future<List<String>> f : results) {
                assertThat(f.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            double diff = a[j] - b[j];
            sum += diff * diff;
        }
        return sum;
    }
}
