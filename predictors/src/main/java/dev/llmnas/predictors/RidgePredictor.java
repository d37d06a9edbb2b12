package dev.llmnas.predictors;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchSpace;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * A few-shot baseline: ridge regression on the space's default feature encoding, fitted to the
 * demonstrations alone. Features are standardised on the demonstrations (constant ones get no weight) and
 * the intercept is not penalised, so {@code lambda} means the same whatever the features' scales.
 *
 * <p>The normal equations {@code (Z'Z + lambda I) w = Z'y} are solved with Commons Math's singular value
 * decomposition, which also gives the minimum-norm least-squares fit when {@code lambda = 0} and there are
 * fewer demonstrations than features. Immutable and thread-safe.
 */
public final class RidgePredictor implements PerformancePredictor {
    private final String name;
    private final Direction direction;
    private final Featurizer featurizer;
    private final double intercept;
    private final double[] weights;
    private final ThreadLocal<double[]> scratch;

    private RidgePredictor(Featurizer featurizer, double intercept, double[] weights, double lambda,
                           Direction direction) {
        this.featurizer = featurizer;
        this.intercept = intercept;
        this.weights = weights;
        this.direction = direction;
        this.name = "ridge(lambda=" + FewShot.number(lambda) + ")";
        int f = weights.length;
        this.scratch = ThreadLocal.withInitial(() -> new double[f]);
    }

    /**
     * Fits on demonstrations.
     *
     * @param space         the space the architectures belong to (its default encoding is used)
     * @param architectures the demonstrations
     * @param scores        their scores, finite, one per architecture
     * @param lambda        L2 penalty on the standardised weights, finite and at least 0
     * @param direction     whether higher scores are better
     * @throws IllegalArgumentException naming the bad argument
     */
    public static RidgePredictor fit(SearchSpace space, List<Architecture> architectures, double[] scores,
                                     double lambda, Direction direction) {
        Objects.requireNonNull(space, "space");
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda: " + lambda + " must be a finite number >= 0");
        }
        Featurizer featurizer = new Featurizer(space, space.encoding());
        String name = "ridge(lambda=" + FewShot.number(lambda) + ")";
        double[] x = FewShot.encodeDemonstrations(featurizer, architectures, scores, direction, name);
        int n = scores.length;
        int f = featurizer.size();
        double yMean = 0;
        for (double s : scores) {
            yMean += s;
        }
        yMean /= n;
        double[] mean = new double[f];
        double[] sd = new double[f];
        for (int j = 0; j < f; j++) {
            double m = 0;
            for (int i = 0; i < n; i++) {
                m += x[i * f + j];
            }
            m /= n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double d = x[i * f + j] - m;
                ss += d * d;
            }
            mean[j] = m;
            sd[j] = Math.sqrt(ss / n);
        }
        RealMatrix z = new Array2DRowRealMatrix(n, f);
        RealVector yc = new ArrayRealVector(n);
        for (int i = 0; i < n; i++) {
            yc.setEntry(i, scores[i] - yMean);
            for (int j = 0; j < f; j++) {
                // a feature constant over the demonstrations carries no information: a zero column
                z.setEntry(i, j, sd[j] > 1e-12 ? (x[i * f + j] - mean[j]) / sd[j] : 0);
            }
        }
        RealMatrix zt = z.transpose();
        RealMatrix a = zt.multiply(z);
        for (int j = 0; j < f; j++) {
            a.addToEntry(j, j, lambda);
        }
        RealVector w = new SingularValueDecomposition(a).getSolver().solve(zt.operate(yc));
        double[] weights = new double[f];
        double intercept = yMean;
        for (int j = 0; j < f; j++) {
            // fold the standardisation into the weights so prediction is one dot product on raw features
            weights[j] = sd[j] > 1e-12 ? w.getEntry(j) / sd[j] : 0;
            intercept -= weights[j] * mean[j];
        }
        return new RidgePredictor(featurizer, intercept, weights, lambda, direction);
    }

    /** {@code ridge(lambda=<lambda>)}. */
    @Override
    public String name() {
        return name;
    }

    @Override
    public Direction direction() {
        return direction;
    }

    /** The intercept on the raw (unstandardised) features. */
    public double intercept() {
        return intercept;
    }

    /** A copy of the weights on the raw features, in the encoding's feature order. */
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double predict(Architecture architecture) {
        double[] q = scratch.get();
        featurizer.encode(architecture, q, 0, name);
        double sum = intercept;
        for (int j = 0; j < q.length; j++) {
            sum += weights[j] * q[j];
        }
        return sum;
    }

    @Override
    public String toString() {
        return name + " on " + featurizer.space().name() + " (" + featurizer.encoding().name() + " encoding)";
    }
}
