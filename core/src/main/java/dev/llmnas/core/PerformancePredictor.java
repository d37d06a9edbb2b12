package dev.llmnas.core;

import java.util.List;

/**
 * Scores architectures: an LLM reading a prompt, a distilled regressor, a supernet behind HTTP, or real
 * training. Implementations used by a parallel search must be thread-safe.
 *
 * <p>Implement it by extending {@link AbstractPerformancePredictor}, which canonicalizes the architecture in the
 * predictor's space, treats a score that is not finite as a failure, wraps every failure in a
 * {@link PredictionException} naming the predictor and the architecture, and implements the batch methods; every
 * predictor of the library does. Searches hold any other implementation to the same rules through
 * {@link AbstractPerformancePredictor#checked}.
 *
 * <p>Every implementation should pass {@code PerformancePredictorContract} (in core's test jar).
 */
public interface PerformancePredictor {

    /** A short name for logs, provenance and result tables. */
    String name();

    /** Whether a larger score is better. */
    Direction direction();

    /**
     * Scores one architecture.
     *
     * @param architecture an architecture of the predictor's space
     * @return the score, a finite number (a predictor that cannot give one throws instead)
     * @throws PredictionException when the architecture cannot be scored
     */
    double predict(Architecture architecture);

    /**
     * Scores many architectures, in order. The default calls {@link #predict} in a loop; predictors that batch or
     * run calls concurrently override {@link AbstractPerformancePredictor#doPredictAll} instead.
     *
     * @param architectures architectures of the predictor's space
     * @return one score per architecture, in order
     * @throws PredictionException on the first architecture that cannot be scored
     */
    default double[] predictAll(List<Architecture> architectures) {
        double[] out = new double[architectures.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = predict(architectures.get(i));
        }
        return out;
    }

    /**
     * Scores many architectures and keeps going past failures: each failure is reported in the batch, never
     * imputed. Distillers label pools with this. The default is {@link AbstractPerformancePredictor}'s, over
     * {@link #predict} (a score that is not finite counts as a failure).
     *
     * @throws LlmnasException when the batch fails as a whole
     */
    default PredictionBatch tryPredictAll(List<Architecture> architectures) {
        return AbstractPerformancePredictor.checked(this).tryPredictAll(architectures);
    }
}
