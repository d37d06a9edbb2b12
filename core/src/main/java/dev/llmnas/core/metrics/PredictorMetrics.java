package dev.llmnas.core.metrics;

import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * How well predicted scores match true scores: error (MAE, RMSE) and rank agreement (Kendall tau-b,
 * Spearman rho), the paper's two views of a performance predictor.
 */
public final class PredictorMetrics {
    private PredictorMetrics() {
    }

    /** Mean absolute error. */
    public static double mae(double[] truth, double[] predicted) {
        check(truth, predicted, 1);
        double s = 0;
        for (int i = 0; i < truth.length; i++) {
            s += Math.abs(truth[i] - predicted[i]);
        }
        return s / truth.length;
    }

    /** Root mean squared error. */
    public static double rmse(double[] truth, double[] predicted) {
        check(truth, predicted, 1);
        double s = 0;
        for (int i = 0; i < truth.length; i++) {
            double d = truth[i] - predicted[i];
            s += d * d;
        }
        return Math.sqrt(s / truth.length);
    }

    /** Kendall's tau-b (ties handled as tau-b does); NaN when either side is constant. */
    public static double kendallTau(double[] truth, double[] predicted) {
        check(truth, predicted, 2);
        return new KendallsCorrelation().correlation(truth, predicted);
    }

    /** Spearman's rank correlation (ties get their average rank); NaN when either side is constant. */
    public static double spearman(double[] truth, double[] predicted) {
        check(truth, predicted, 2);
        return new SpearmansCorrelation().correlation(truth, predicted);
    }

    private static void check(double[] truth, double[] predicted, int min) {
        if (truth == null || predicted == null) {
            throw new IllegalArgumentException("truth and predicted must not be null");
        }
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " values but predicted has "
                    + predicted.length + "; they must be the same length");
        }
        if (truth.length < min) {
            throw new IllegalArgumentException("need at least " + min + " values, got " + truth.length);
        }
        for (int i = 0; i < truth.length; i++) {
            if (!Double.isFinite(truth[i]) || !Double.isFinite(predicted[i])) {
                throw new IllegalArgumentException("value " + i + ": truth " + truth[i] + ", predicted "
                        + predicted[i] + "; all values must be finite");
            }
        }
    }
}
