package dev.llmnas.predictors;

import dev.llmnas.core.AbstractPerformancePredictor;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.predictors.internal.ScratchPool;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * A few-shot regressor fitted to the demonstrations alone: ridge regression on the space's default feature
 * encoding and, optionally, on the architectures' efficiency metrics (what an LLM-PP prompt shows beside each
 * demonstration: GFLOPs for the paper's translation tasks, the cell's weights for NAS-Bench-201). Features are
 * standardised on the demonstrations (constant ones get no weight) and the intercept is not penalised, so a
 * penalty means the same whatever the features' scales.
 *
 * <p>Two ways to fit:
 * <ul>
 *   <li>{@link #fit(SearchSpace, List, double[], double, Direction)}: the encoding only, with a fixed penalty
 *   (named {@code ridge(lambda=<lambda>)}). The normal equations are solved with Commons Math's singular value
 *   decomposition, which also gives the minimum-norm least-squares fit when {@code lambda = 0}.</li>
 *   <li>{@link #builder()}: the encoding and the efficiency metrics as two groups with their own penalties,
 *   chosen by leave-one-out on the demonstrations (exact closed form through the hat matrix) with the
 *   one-standard-error rule on the encoding's penalty: with ten demonstrations and tens of encoding features,
 *   the encoding joins only as strongly as the demonstrations clearly support, and may be left out.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class RidgePredictor extends AbstractPerformancePredictor {
    private final String name;
    private final String description;
    private final Direction direction;
    private final Featurizer featurizer;
    private final double intercept;
    private final double[] weights;
    private final List<String> metrics;
    private final double[] metricWeights;
    private final double lambdaEncoding;
    private final double lambdaEfficiency;
    private final int demonstrations;
    /** Prediction buffers, pooled per predictor (no {@code ThreadLocal}: see {@link ScratchPool}). */
    private final ScratchPool<double[]> scratch;

    private RidgePredictor(Featurizer featurizer, double intercept, double[] weights, double lambda,
                           Direction direction, int demonstrations) {
        this(featurizer, intercept, weights, List.of(), new double[0], lambda, Double.POSITIVE_INFINITY, direction,
                demonstrations, "ridge(lambda=" + FewShot.number(lambda) + ")",
                "ridge on " + demonstrations + " demonstrations (" + featurizer.encoding().name()
                        + " encoding only, lambda=" + FewShot.number(lambda) + ")");
    }

    private RidgePredictor(Featurizer featurizer, double intercept, double[] weights, List<String> metrics,
                           double[] metricWeights, double lambdaEncoding, double lambdaEfficiency,
                           Direction direction, int demonstrations, String name, String description) {
        super(featurizer.space());
        this.featurizer = featurizer;
        this.intercept = intercept;
        this.weights = weights;
        this.metrics = metrics;
        this.metricWeights = metricWeights;
        this.lambdaEncoding = lambdaEncoding;
        this.lambdaEfficiency = lambdaEfficiency;
        this.direction = direction;
        this.demonstrations = demonstrations;
        this.name = name;
        this.description = description;
        int f = weights.length;
        this.scratch = new ScratchPool<>(() -> new double[f]);
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
        return new RidgePredictor(featurizer, intercept, weights, lambda, direction, n);
    }

    /**
     * Starts a fit on the encoding plus efficiency metrics with penalties chosen by leave-one-out.
     *
     * <pre>{@code
     * RidgePredictor teacher = RidgePredictor.builder().space(space)
     *         .efficiencyMetrics(space.metricNames())
     *         .fit(demonstrations, scores);
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code ridge(lambda=<lambda>)} for {@link #fit}; for the builder the encoding's name, the metrics and the
     * penalties, e.g. {@code ridge(means+convs+cell-params, LOO lambda inf/10)} (encoding / efficiency penalty;
     * {@code inf} when the encoding was left out) or {@code ridge(means, lambda=2.5)} for a fixed penalty.
     */
    @Override
    public String name() {
        return name;
    }

    @Override
    public Direction direction() {
        return direction;
    }

    /**
     * What the predictor is and what it was fitted on, in words, e.g. {@code ridge on 10 demonstrations (means
     * encoding + efficiency convs, cell-params; penalties by leave-one-out: encoding left out, efficiency 0.75)}.
     */
    public String description() {
        return description;
    }

    /** The efficiency metrics used as features, in order (empty when the encoding alone is used). */
    public List<String> efficiencyMetrics() {
        return metrics;
    }

    /** A copy of the weights on the raw efficiency metrics, in {@link #efficiencyMetrics()} order. */
    public double[] efficiencyWeights() {
        return metricWeights.clone();
    }

    /** The penalty on the standardised encoding weights; {@code Infinity} when the encoding was left out. */
    public double encodingLambda() {
        return lambdaEncoding;
    }

    /** The penalty on the standardised efficiency weights; {@code Infinity} when no metric is used. */
    public double efficiencyLambda() {
        return lambdaEfficiency;
    }

    /** Number of demonstrations fitted. */
    public int demonstrations() {
        return demonstrations;
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
    protected double doPredict(Architecture canonical) {
        double[] q = scratch.acquire();
        // an exception drops the buffer (the pool makes a new one): cheaper than a finally on the hot path
        featurizer.encode(canonical, q, 0, name);
        double sum = dot(q, intercept);
        scratch.release(q);
        if (metrics.isEmpty()) {
            return sum;
        }
        java.util.Map<String, Double> values;
        try {
            values = featurizer.space().metrics(canonical);
        } catch (RuntimeException e) {
            throw new dev.llmnas.core.PredictionException(name, canonical, "cannot compute efficiency metrics: "
                    + e.getMessage(), e);
        }
        for (int j = 0; j < metricWeights.length; j++) {
            sum += metricWeights[j] * values.get(metrics.get(j));
        }
        return sum;
    }

    private double dot(double[] q, double start) {
        double sum = start;
        for (int j = 0; j < q.length; j++) {
            sum += weights[j] * q[j];
        }
        return sum;
    }

    /** {@link #description()} with the space's name. */
    @Override
    public String toString() {
        return description + " on " + featurizer.space().name();
    }

    /**
     * Configures a fit on the space's default encoding plus efficiency metrics. {@link #fit} may be called many
     * times; the builder is not thread-safe.
     */
    public static final class Builder {
        private SearchSpace space;
        private List<String> metrics = List.of();
        private double lambda = Double.NaN;
        private double[] grid;
        private Direction direction = Direction.HIGHER_IS_BETTER;

        private Builder() {
        }

        /** The space the demonstrations belong to (required); its default encoding is used. */
        public Builder space(SearchSpace space) {
            this.space = Objects.requireNonNull(space, "space");
            return this;
        }

        /**
         * Efficiency metrics of the space used as features beside the encoding (default none: the encoding alone).
         *
         * @throws IllegalArgumentException for a null, blank or repeated name
         */
        public Builder efficiencyMetrics(List<String> metrics) {
            Objects.requireNonNull(metrics, "metrics");
            if (new LinkedHashSet<>(metrics).size() != metrics.size()) {
                throw new IllegalArgumentException("efficiencyMetrics: " + metrics + " names a metric twice");
            }
            for (String m : metrics) {
                if (m == null || m.isBlank()) {
                    throw new IllegalArgumentException("efficiencyMetrics: " + metrics + " contains a blank name");
                }
            }
            this.metrics = List.copyOf(metrics);
            return this;
        }

        /**
         * A fixed penalty for both groups instead of choosing by leave-one-out (default: chosen).
         *
         * @throws IllegalArgumentException unless finite and {@code > 0}
         */
        public Builder lambda(double lambda) {
            if (!(lambda > 0) || Double.isInfinite(lambda)) {
                throw new IllegalArgumentException("lambda: " + lambda + " must be a finite number > 0");
            }
            this.lambda = lambda;
            return this;
        }

        /**
         * Penalties tried by leave-one-out for each group (default 10^-2 to 10^4 in 17 log-spaced steps).
         *
         * @throws IllegalArgumentException for an empty grid or a value that is not finite and {@code > 0}
         */
        public Builder lambdaGrid(double... grid) {
            Objects.requireNonNull(grid, "grid");
            if (grid.length == 0) {
                throw new IllegalArgumentException("lambdaGrid: empty; give at least one penalty");
            }
            for (double g : grid) {
                if (!(g > 0) || Double.isInfinite(g)) {
                    throw new IllegalArgumentException("lambdaGrid: " + g + " must be a finite number > 0");
                }
            }
            this.grid = grid.clone();
            return this;
        }

        /** Whether higher scores are better (default {@link Direction#HIGHER_IS_BETTER}). */
        public Builder direction(Direction direction) {
            this.direction = Objects.requireNonNull(direction, "direction");
            return this;
        }

        /**
         * Fits on demonstrations.
         *
         * @param architectures the demonstrations, at least 3 when penalties are chosen by leave-one-out
         * @param scores        their scores, finite, one per architecture
         * @throws IllegalArgumentException naming the bad argument (an unknown metric names the space's metrics)
         * @throws IllegalStateException    without a space, or with both a fixed lambda and a grid
         */
        public RidgePredictor fit(List<Architecture> architectures, double[] scores) {
            if (space == null) {
                throw new IllegalStateException("space: not set; call space(...) before fit");
            }
            if (!Double.isNaN(lambda) && grid != null) {
                throw new IllegalStateException("lambda and lambdaGrid: set one, not both (a fixed lambda uses no grid)");
            }
            for (String m : metrics) {
                if (!space.metricNames().contains(m)) {
                    throw new IllegalArgumentException("efficiencyMetrics: '" + m + "' is not one of "
                            + space.metricNames() + " of space " + space.name());
                }
            }
            return fitGroups(this, architectures, scores);
        }
    }

    private static RidgePredictor fitGroups(Builder b, List<Architecture> architectures, double[] scores) {
        SearchSpace space = b.space;
        Featurizer featurizer = new Featurizer(space, space.encoding());
        String inner = space.encoding().name() + (b.metrics.isEmpty() ? "" : "+" + String.join("+", b.metrics));
        String what = "ridge(" + inner + ")";
        double[] x = FewShot.encodeDemonstrations(featurizer, architectures, scores, b.direction, what);
        int n = scores.length;
        boolean loo = Double.isNaN(b.lambda);
        if (loo && n < 3) {
            throw new IllegalArgumentException("architectures: " + n + " demonstrations; choosing lambda by"
                    + " leave-one-out needs at least 3 (or set a fixed lambda)");
        }
        int f = featurizer.size();
        int m = b.metrics.size();
        double[][] enc = new double[n][f];
        double[][] eff = new double[n][m];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * f, enc[i], 0, f);
            if (m > 0) {
                java.util.Map<String, Double> values = space.metrics(space.canonicalize(architectures.get(i)));
                for (int j = 0; j < m; j++) {
                    eff[i][j] = values.get(b.metrics.get(j));
                }
            }
        }
        double[] encMean = new double[f];
        double[] encSd = new double[f];
        double[] effMean = new double[m];
        double[] effSd = new double[m];
        double[][] zEnc = standardise(enc, encMean, encSd);
        double[][] zEff = standardise(eff, effMean, effSd);
        double[][] kEnc = LooRidge.gram(zEnc);
        double[][] kEff = LooRidge.gram(zEff);
        double le;
        double lf;
        if (loo) {
            double[] grid = b.grid == null ? LooRidge.DEFAULT_GRID : b.grid;
            double[] encodingGrid = grid;
            if (m > 0) {
                encodingGrid = new double[grid.length + 1];
                encodingGrid[0] = Double.POSITIVE_INFINITY;
                System.arraycopy(grid, 0, encodingGrid, 1, grid.length);
            }
            double[] efficiencyGrid = m > 0 ? grid : new double[] {Double.POSITIVE_INFINITY};
            LooRidge.Candidate chosen = LooRidge.choose(LooRidge.candidates(kEnc, kEff, scores, encodingGrid,
                    efficiencyGrid));
            le = chosen.lambdaEncoding();
            lf = chosen.lambdaEfficiency();
        } else {
            le = b.lambda;
            lf = m > 0 ? b.lambda : Double.POSITIVE_INFINITY;
        }
        LooRidge.Solution s = LooRidge.solve(zEnc, zEff, kEnc, kEff, scores, le, lf);
        double intercept = s.intercept();
        double[] weights = new double[f];
        for (int j = 0; j < f; j++) {
            weights[j] = encSd[j] > 0 ? s.encodingWeights()[j] / encSd[j] : 0;
            intercept -= weights[j] * encMean[j];
        }
        double[] metricWeights = new double[m];
        for (int j = 0; j < m; j++) {
            metricWeights[j] = effSd[j] > 0 ? s.efficiencyWeights()[j] / effSd[j] : 0;
            intercept -= metricWeights[j] * effMean[j];
        }
        String lambdas = loo ? "LOO lambda " + lambdaText(le) + (m > 0 ? "/" + lambdaText(lf) : "")
                : "lambda=" + FewShot.number(b.lambda);
        String name = "ridge(" + inner + ", " + lambdas + ")";
        String inputs = featurizer.encoding().name() + " encoding" + (m > 0 ? " + efficiency " + String.join(", ", b.metrics) : "");
        String penalties;
        if (!loo) {
            penalties = "lambda=" + FewShot.number(b.lambda);
        } else if (m == 0) {
            penalties = "lambda by leave-one-out: " + lambdaText(le);
        } else {
            penalties = "penalties by leave-one-out: encoding "
                    + (Double.isInfinite(le) ? "left out" : lambdaText(le)) + ", efficiency " + lambdaText(lf);
        }
        String description = "ridge on " + n + " demonstrations (" + inputs + "; " + penalties + ")";
        return new RidgePredictor(featurizer, intercept, weights, b.metrics, metricWeights, le, lf, b.direction, n,
                name, description);
    }

    /** Column-standardised copy (population standard deviation); constant columns become zero. */
    private static double[][] standardise(double[][] x, double[] mean, double[] sd) {
        int n = x.length;
        int f = n == 0 ? 0 : x[0].length;
        double[][] z = new double[n][f];
        for (int j = 0; j < f; j++) {
            double mu = 0;
            for (double[] row : x) {
                mu += row[j];
            }
            mu /= n;
            double ss = 0;
            for (double[] row : x) {
                double d = row[j] - mu;
                ss += d * d;
            }
            double s = Math.sqrt(ss / n);
            // relative: efficiency metrics reach 1e9 (FLOPs), where rounding noise is far above 1e-12
            if (!(s > 1e-12 * Math.max(1, Math.abs(mu)))) {
                s = 0;
            }
            mean[j] = mu;
            sd[j] = s;
            for (int i = 0; i < n; i++) {
                z[i][j] = s > 0 ? (x[i][j] - mu) / s : 0;
            }
        }
        return z;
    }

    private static String lambdaText(double v) {
        if (Double.isInfinite(v)) {
            return "inf";
        }
        String t = String.format(java.util.Locale.ROOT, "%.3g", v);
        if (t.contains(".") && !t.contains("e")) {
            t = t.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return t;
    }
}
