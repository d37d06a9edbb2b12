package dev.llmnas.predictors.latency;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Objects;

/**
 * A fitted linear regression {@code y = intercept + sum_j weights[j] * (x[j] - mean[j]) / scale[j]}: ridge
 * regression on standardised columns. Columns constant in the training data get weight 0. Immutable;
 * serialised with snake_case keys.
 *
 * @param featureNames the columns, in order
 * @param mean         column means of the training rows
 * @param scale        column standard deviations of the training rows (1 for constant columns)
 * @param weights      weights of the standardised columns
 * @param intercept    the prediction at the column means (the mean training target for {@link #fit})
 * @param lambda       ridge penalty per row on the standardised weights (0: ordinary least squares)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LinearModel(List<String> featureNames, double[] mean, double[] scale, double[] weights,
                          double intercept, double lambda) {
    public LinearModel {
        featureNames = List.copyOf(Objects.requireNonNull(featureNames, "feature_names"));
        int n = featureNames.size();
        for (var entry : new Object[][] {{"mean", mean}, {"scale", scale}, {"weights", weights}}) {
            double[] v = (double[]) entry[1];
            if (v == null || v.length != n) {
                throw new IllegalArgumentException(entry[0] + ": " + (v == null ? "null" : v.length + " values")
                        + ", expected one per feature (" + n + ")");
            }
            for (double x : v) {
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException(entry[0] + ": " + x + " is not a finite number");
                }
            }
        }
        for (double s : scale) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("scale: " + s + " must be positive");
            }
        }
        if (!Double.isFinite(intercept)) {
            throw new IllegalArgumentException("intercept: " + intercept + " is not a finite number");
        }
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda: " + lambda + " must be a finite number >= 0");
        }
        mean = mean.clone();
        scale = scale.clone();
        weights = weights.clone();
    }

    /**
     * Fits ridge regression on standardised columns.
     *
     * @param names  column names
     * @param x      rows of {@code names.size()} values
     * @param y      targets, one per row
     * @param lambda penalty per row ({@code lambda * rows} is added to the diagonal), {@code >= 0}
     * @throws IllegalArgumentException when shapes disagree, there are fewer than 2 rows or a value is not finite
     */
    public static LinearModel fit(List<String> names, double[][] x, double[] y, double lambda) {
        int n = x.length;
        int p = names.size();
        if (n < 2 || y.length != n) {
            throw new IllegalArgumentException("rows: " + n + " rows and " + y.length + " targets; need the same"
                    + " number, at least 2");
        }
        double[] mean = new double[p];
        double[] scale = new double[p];
        for (double[] row : x) {
            if (row.length != p) {
                throw new IllegalArgumentException("row: " + row.length + " values, expected " + p);
            }
            for (int j = 0; j < p; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
            }
        }
        boolean[] active = new boolean[p];
        for (int j = 0; j < p; j++) {
            double sd = Math.sqrt(scale[j]);
            active[j] = sd > 1e-9 * Math.max(1, Math.abs(mean[j]));
            scale[j] = active[j] ? sd : 1;
        }
        double yMean = 0;
        for (double v : y) {
            yMean += v / n;
        }
        double[][] a = new double[p][p];
        double[] b = new double[p];
        double[] z = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                z[j] = active[j] ? (x[i][j] - mean[j]) / scale[j] : 0;
            }
            double r = y[i] - yMean;
            for (int j = 0; j < p; j++) {
                b[j] += z[j] * r;
                for (int k = 0; k <= j; k++) {
                    a[j][k] += z[j] * z[k];
                }
            }
        }
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < j; k++) {
                a[k][j] = a[j][k];
            }
            // inactive columns: a unit diagonal keeps the system solvable and their weight at 0 (b is 0)
            a[j][j] += active[j] ? lambda * n : 1;
        }
        double[] w = solve(a, b);
        return new LinearModel(names, mean, scale, w, yMean, lambda);
    }

    /**
     * Fits a Huber regression (iteratively reweighted least squares on standardised columns with a free
     * intercept and the ridge penalty {@code lambda}), then rescales it so that its mean prediction on the
     * training rows equals their mean target. The Huber loss gives rows with a residual beyond
     * {@code c} robust standard deviations (MAD / 0.6745) a weight falling as 1 / |residual|, so a minority of
     * rows measured far too slow does not bend the shape of the fit; the rescaling then puts back their average
     * share, so that the model still estimates the mean latency (what the RMSE rewards). Source of the loss:
     * P. J. Huber, "Robust estimation of a location parameter", Ann. Math. Statist. 35 (1964).
     *
     * @param names      column names
     * @param x          rows of {@code names.size()} values
     * @param y          targets, one per row
     * @param lambda     penalty per row on the standardised weights, {@code >= 0}
     * @param c          Huber threshold in robust standard deviations, {@code > 0} (1.345 is the usual choice)
     * @param iterations reweighting passes, {@code >= 1}
     * @return the fitted model (still linear: the rescaling multiplies its weights and intercept)
     * @throws IllegalArgumentException when shapes disagree, there are fewer than 2 rows, a value is not finite
     *                                  or {@code c} / {@code iterations} are out of range
     */
    public static LinearModel fitHuber(List<String> names, double[][] x, double[] y, double lambda, double c,
                                       int iterations) {
        if (!(c > 0) || !Double.isFinite(c)) {
            throw new IllegalArgumentException("c: " + c + " must be a finite number > 0");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations: " + iterations + " must be >= 1");
        }
        LinearModel start = fit(names, x, y, lambda);
        int n = x.length;
        int p = names.size();
        double[] mean = start.mean;
        double[] scale = start.scale;
        double[][] z = new double[n][p + 1];
        for (int i = 0; i < n; i++) {
            z[i][0] = 1;
            for (int j = 0; j < p; j++) {
                z[i][j + 1] = (x[i][j] - mean[j]) / scale[j];
            }
        }
        boolean[] active = new boolean[p];
        for (double[] row : z) {
            for (int j = 0; j < p; j++) {
                active[j] |= Math.abs(row[j + 1]) > 1e-6;
            }
        }
        for (double[] row : z) {
            for (int j = 0; j < p; j++) {
                row[j + 1] = active[j] ? row[j + 1] : 0;
            }
        }
        double[] beta = new double[p + 1];
        beta[0] = start.intercept;
        System.arraycopy(start.weights, 0, beta, 1, p);
        double[] rowWeight = new double[n];
        double[] residual = new double[n];
        for (int it = 0; it < iterations; it++) {
            for (int i = 0; i < n; i++) {
                residual[i] = y[i] - dot(beta, z[i]);
            }
            double spread = mad(residual) / 0.6745;
            if (!(spread > 0)) {
                break;
            }
            for (int i = 0; i < n; i++) {
                double u = Math.abs(residual[i]) / (c * spread);
                rowWeight[i] = u <= 1 ? 1 : 1 / u;
            }
            double[][] a = new double[p + 1][p + 1];
            double[] b = new double[p + 1];
            for (int i = 0; i < n; i++) {
                double wi = rowWeight[i];
                for (int j = 0; j <= p; j++) {
                    double zj = wi * z[i][j];
                    b[j] += zj * y[i];
                    for (int k = 0; k <= j; k++) {
                        a[j][k] += zj * z[i][k];
                    }
                }
            }
            for (int j = 0; j <= p; j++) {
                for (int k = 0; k < j; k++) {
                    a[k][j] = a[j][k];
                }
            }
            for (int j = 1; j <= p; j++) {
                // the intercept is not penalised; inactive (constant) columns keep weight 0 through a unit diagonal
                a[j][j] += active[j - 1] ? lambda * n : 1;
            }
            beta = solve(a, b);
        }
        double predicted = 0;
        double measured = 0;
        for (int i = 0; i < n; i++) {
            predicted += dot(beta, z[i]);
            measured += y[i];
        }
        double k = predicted > 0 && measured > 0 ? measured / predicted : 1;
        double[] w = new double[p];
        for (int j = 0; j < p; j++) {
            w[j] = k * beta[j + 1];
        }
        return new LinearModel(names, mean, scale, w, k * beta[0], lambda);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    /** The median absolute deviation from the median. */
    private static double mad(double[] r) {
        org.apache.commons.math3.stat.descriptive.rank.Median m = new org.apache.commons.math3.stat.descriptive.rank.Median();
        double median = m.evaluate(r);
        double[] s = new double[r.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.abs(r[i] - median);
        }
        return m.evaluate(s);
    }

    /** Gaussian elimination with partial pivoting; a tiny ridge keeps exactly collinear columns solvable. */
    private static double[] solve(double[][] a0, double[] b0) {
        int p = b0.length;
        double[][] a = new double[p][];
        for (int i = 0; i < p; i++) {
            a[i] = a0[i].clone();
            a[i][i] += 1e-9 * Math.max(1, a0[i][i]);
        }
        double[] b = b0.clone();
        for (int c = 0; c < p; c++) {
            int piv = c;
            for (int r = c + 1; r < p; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            double tb = b[c];
            b[c] = b[piv];
            b[piv] = tb;
            for (int r = c + 1; r < p; r++) {
                double factor = a[r][c] / a[c][c];
                for (int k = c; k < p; k++) {
                    a[r][k] -= factor * a[c][k];
                }
                b[r] -= factor * b[c];
            }
        }
        double[] w = new double[p];
        for (int r = p - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < p; k++) {
                s -= a[r][k] * w[k];
            }
            w[r] = s / a[r][r];
        }
        return w;
    }

    /** The prediction for one row of {@code featureNames().size()} values. */
    public double predict(double[] row) {
        if (row.length != weights.length) {
            throw new IllegalArgumentException("row: " + row.length + " values, expected " + weights.length);
        }
        double s = intercept;
        for (int j = 0; j < row.length; j++) {
            s += weights[j] * (row[j] - mean[j]) / scale[j];
        }
        return s;
    }

    /** Number of columns. */
    @JsonIgnore
    public int size() {
        return weights.length;
    }

    /** A copy of the column means of the training rows, one per feature, in feature order. */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the column standard deviations of the training rows (1 for constant columns). */
    @Override
    public double[] scale() {
        return scale.clone();
    }

    /** A copy of the weights of the standardised columns, in feature order (0 for constant columns). */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinearModel m && featureNames.equals(m.featureNames)
                && java.util.Arrays.equals(mean, m.mean) && java.util.Arrays.equals(scale, m.scale)
                && java.util.Arrays.equals(weights, m.weights) && intercept == m.intercept && lambda == m.lambda;
    }

    @Override
    public int hashCode() {
        return Objects.hash(featureNames, java.util.Arrays.hashCode(mean), java.util.Arrays.hashCode(scale),
                java.util.Arrays.hashCode(weights), intercept, lambda);
    }

    @Override
    public String toString() {
        return "LinearModel[" + featureNames.size() + " features, lambda " + lambda + "]";
    }
}
