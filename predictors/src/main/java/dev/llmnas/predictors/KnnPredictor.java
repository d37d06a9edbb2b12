package dev.llmnas.predictors;

import dev.llmnas.core.AbstractPerformancePredictor;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.predictors.internal.ScratchPool;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A few-shot baseline: the mean score of the {@code k} demonstrations nearest to the architecture, by
 * Euclidean distance on the space's default feature encoding (for HAT, the paper's ten scaled features).
 * It learns from the demonstrations alone, which is what an LLM predictor must beat to earn its cost.
 *
 * <p>Ties in distance go to the earlier demonstration, so predictions are deterministic. Immutable and
 * thread-safe; {@link #predict} allocates nothing for canonical architectures.
 */
public final class KnnPredictor extends AbstractPerformancePredictor {
    private final String name;
    private final Direction direction;
    private final Featurizer featurizer;
    private final int k;
    private final int n;
    private final int f;
    private final double[] x;
    private final double[] y;
    /** Buffers of the prediction path, pooled per predictor (no {@code ThreadLocal}: see {@link ScratchPool}). */
    private final ScratchPool<Scratch> scratch;

    private KnnPredictor(Featurizer featurizer, double[] x, double[] y, int k, Direction direction) {
        super(featurizer.space());
        this.featurizer = featurizer;
        this.x = x;
        this.y = y;
        this.k = k;
        this.n = y.length;
        this.f = featurizer.size();
        this.direction = direction;
        this.name = "knn(k=" + k + ")";
        int features = f;
        int rows = n;
        this.scratch = new ScratchPool<>(() -> new Scratch(features, rows));
    }

    /**
     * Fits on demonstrations.
     *
     * @param space         the space the architectures belong to (its default encoding is used)
     * @param architectures the demonstrations
     * @param scores        their scores, finite, one per architecture
     * @param k             neighbours to average, 1 to the number of demonstrations
     * @param direction     whether higher scores are better
     * @throws IllegalArgumentException naming the bad argument
     */
    public static KnnPredictor fit(SearchSpace space, List<Architecture> architectures, double[] scores, int k,
                                   Direction direction) {
        Objects.requireNonNull(space, "space");
        Featurizer featurizer = new Featurizer(space, space.encoding());
        String name = "knn(k=" + k + ")";
        double[] x = FewShot.encodeDemonstrations(featurizer, architectures, scores, direction, name);
        if (k < 1 || k > scores.length) {
            throw new IllegalArgumentException("k: " + k + " must be in [1, " + scores.length
                    + "] (the number of demonstrations)");
        }
        return new KnnPredictor(featurizer, x, scores.clone(), k, direction);
    }

    /** {@code knn(k=<k>)}. */
    @Override
    public String name() {
        return name;
    }

    @Override
    public Direction direction() {
        return direction;
    }

    /** Neighbours averaged. */
    public int k() {
        return k;
    }

    @Override
    protected double doPredict(Architecture architecture) {
        Scratch s = scratch.acquire();
        // an exception drops the buffers (the pool makes new ones): cheaper than a finally on the hot path
        featurizer.encode(architecture, s.query, 0, name);
        double[] d = s.distance;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int base = i * f;
            for (int j = 0; j < f; j++) {
                double diff = x[base + j] - s.query[j];
                sum += diff * diff;
            }
            d[i] = sum;
        }
        boolean[] taken = s.taken;
        Arrays.fill(taken, false);
        double total = 0;
        for (int m = 0; m < k; m++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && (best < 0 || d[i] < d[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            total += y[best];
        }
        scratch.release(s);
        return total / k;
    }

    @Override
    public String toString() {
        return name + " on " + n + " demonstrations of " + featurizer.space().name();
    }

    private static final class Scratch {
        final double[] query;
        final double[] distance;
        final boolean[] taken;

        Scratch(int f, int n) {
            query = new double[f];
            distance = new double[n];
            taken = new boolean[n];
        }
    }
}
