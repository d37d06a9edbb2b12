package dev.llmnas.predictors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Ridge regression with two feature groups (the architecture encoding and the efficiency metrics), each with its
 * own penalty, and its leave-one-out residuals in closed form.
 *
 * <p>Features arrive standardised and centred on the demonstrations (their scores are never used for that), and
 * the intercept is not penalised. With {@code K = Z_enc Z_enc' / lambda_enc + Z_eff Z_eff' / lambda_eff} (an
 * infinite penalty drops the group), the fitted centred scores are {@code K (K + I)^-1 y_c}: the same as the
 * primal ridge with those penalties, but on an {@code n x n} system, which is what few demonstrations want. The
 * hat matrix including the intercept is {@code 11'/n + K (K + I)^-1}, and the leave-one-out residual of
 * demonstration {@code i} is {@code e_i / (1 - H_ii)} exactly (the standard identity for linear smoothers).
 */
final class LooRidge {
    /** Default penalty grid: 10^-2 .. 10^4 in 17 log-spaced steps. */
    static final double[] DEFAULT_GRID = grid();

    private LooRidge() {
    }

    private static double[] grid() {
        double[] g = new double[17];
        for (int i = 0; i < g.length; i++) {
            g[i] = Math.pow(10, -2 + i * 0.375);
        }
        return g;
    }

    /** Penalties of one candidate and its leave-one-out error. */
    record Candidate(double lambdaEncoding, double lambdaEfficiency, double meanSquaredLoo, double standardError) {
    }

    /** A solved fit on standardised features: weights per group (empty when dropped) and the mean score. */
    record Solution(double[] encodingWeights, double[] efficiencyWeights, double intercept) {
    }

    /** {@code z z'} for a row-major {@code n x f} matrix. */
    static double[][] gram(double[][] z) {
        int n = z.length;
        double[][] k = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                double s = 0;
                for (int j = 0; j < z[a].length; j++) {
                    s += z[a][j] * z[b][j];
                }
                k[a][b] = s;
                k[b][a] = s;
            }
        }
        return k;
    }

    private static RealMatrix kernel(double[][] kEnc, double[][] kEff, double lambdaEnc, double lambdaEff) {
        int n = kEnc.length;
        double[][] k = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double v = 0;
                if (!Double.isInfinite(lambdaEnc)) {
                    v += kEnc[a][b] / lambdaEnc;
                }
                if (!Double.isInfinite(lambdaEff)) {
                    v += kEff[a][b] / lambdaEff;
                }
                k[a][b] = v;
            }
        }
        return new Array2DRowRealMatrix(k, false);
    }

    /**
     * The leave-one-out residuals {@code y_i - prediction of i by the fit on the others}, in closed form; entries
     * are NaN when the fit interpolates demonstration {@code i} so closely that its residual cannot be recovered
     * ({@code 1 - H_ii < 1e-9}).
     *
     * @param kEnc      gram matrix of the standardised encoding
     * @param kEff      gram matrix of the standardised efficiency features
     * @param y         scores
     * @param lambdaEnc penalty on the encoding weights, {@code Infinity} to leave the group out
     * @param lambdaEff penalty on the efficiency weights, {@code Infinity} to leave the group out
     */
    static double[] looResiduals(double[][] kEnc, double[][] kEff, double[] y, double lambdaEnc, double lambdaEff) {
        int n = y.length;
        double mean = mean(y);
        double[] yc = new double[n];
        for (int i = 0; i < n; i++) {
            yc[i] = y[i] - mean;
        }
        RealMatrix k = kernel(kEnc, kEff, lambdaEnc, lambdaEff);
        RealMatrix inverse = MatrixUtils.inverse(k.add(MatrixUtils.createRealIdentityMatrix(n)));
        RealMatrix hat = k.multiply(inverse);
        double[] fitted = hat.operate(yc);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double leverage = 1.0 / n + hat.getEntry(i, i);
            out[i] = 1 - leverage < 1e-9 ? Double.NaN : (yc[i] - fitted[i]) / (1 - leverage);
        }
        return out;
    }

    /**
     * Every pair of penalties on the grids with its mean squared leave-one-out residual and that mean's standard
     * error; pairs where a residual cannot be recovered are left out.
     */
    static List<Candidate> candidates(double[][] kEnc, double[][] kEff, double[] y, double[] encodingGrid,
                                      double[] efficiencyGrid) {
        List<Candidate> out = new ArrayList<>();
        int n = y.length;
        for (double le : encodingGrid) {
            for (double lf : efficiencyGrid) {
                if (Double.isInfinite(le) && Double.isInfinite(lf)) {
                    continue;
                }
                double[] r = looResiduals(kEnc, kEff, y, le, lf);
                double mse = 0;
                boolean ok = true;
                for (double v : r) {
                    if (Double.isNaN(v)) {
                        ok = false;
                        break;
                    }
                    mse += v * v;
                }
                if (!ok) {
                    continue;
                }
                mse /= n;
                double ss = 0;
                for (double v : r) {
                    double d = v * v - mse;
                    ss += d * d;
                }
                double se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0;
                out.add(new Candidate(le, lf, mse, se));
            }
        }
        return out;
    }

    /**
     * The one-standard-error rule applied to the encoding's penalty: among the candidates whose leave-one-out
     * error is within one standard error of the smallest, the largest encoding penalty (infinity, the encoding
     * left out, counts as largest); for it, the efficiency penalty with the smallest leave-one-out error. The
     * encoding has many more features than there are demonstrations, so it joins only as strongly as the
     * demonstrations clearly support.
     *
     * @throws IllegalArgumentException when no candidate has recoverable leave-one-out residuals
     */
    static Candidate choose(List<Candidate> candidates) {
        Candidate best = candidates.stream().min(Comparator.comparingDouble(Candidate::meanSquaredLoo))
                .orElseThrow(() -> new IllegalArgumentException("lambda: no penalty on the grid gives finite"
                        + " leave-one-out residuals; use more demonstrations or larger penalties"));
        double threshold = best.meanSquaredLoo() + best.standardError();
        double encoding = candidates.stream().filter(c -> c.meanSquaredLoo() <= threshold)
                .mapToDouble(Candidate::lambdaEncoding).max().orElseThrow();
        return candidates.stream().filter(c -> c.lambdaEncoding() == encoding)
                .min(Comparator.comparingDouble(Candidate::meanSquaredLoo)).orElseThrow();
    }

    /** The weights on standardised features for the given penalties. */
    static Solution solve(double[][] zEnc, double[][] zEff, double[][] kEnc, double[][] kEff, double[] y,
                          double lambdaEnc, double lambdaEff) {
        int n = y.length;
        double mean = mean(y);
        double[] yc = new double[n];
        for (int i = 0; i < n; i++) {
            yc[i] = y[i] - mean;
        }
        RealMatrix k = kernel(kEnc, kEff, lambdaEnc, lambdaEff).add(MatrixUtils.createRealIdentityMatrix(n));
        double[] alpha = new CholeskyDecomposition(k, 1e-12, 0).getSolver().solve(new ArrayRealVector(yc, false))
                .toArray();
        return new Solution(groupWeights(zEnc, alpha, lambdaEnc), groupWeights(zEff, alpha, lambdaEff), mean);
    }

    private static double[] groupWeights(double[][] z, double[] alpha, double lambda) {
        int f = z.length == 0 ? 0 : z[0].length;
        double[] w = new double[f];
        if (Double.isInfinite(lambda)) {
            return w;
        }
        for (int j = 0; j < f; j++) {
            double s = 0;
            for (int i = 0; i < z.length; i++) {
                s += z[i][j] * alpha[i];
            }
            w[j] = s / lambda;
        }
        return w;
    }

    static double mean(double[] y) {
        double s = 0;
        for (double v : y) {
            s += v;
        }
        return s / y.length;
    }
}
