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
 * @param intercept    the mean training target
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

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }

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
