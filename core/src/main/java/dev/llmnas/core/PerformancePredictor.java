package dev.llmnas.core;

import java.util.List;

/**
 * Scores architectures: an LLM reading a prompt, a distilled regressor, a supernet behind HTTP, or real
 * training. Implementations used by a parallel search must be thread-safe.
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
     * @throws PredictionException when the architecture cannot be scored
     */
    double predict(Architecture architecture);

    /**
     * Scores many architectures, in order. The default calls {@link #predict} in a loop; implementations
     * override it to batch or to run calls concurrently.
     *
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
     * imputed. Distillers label pools with this. The default loops over {@link #predict}; a score that is not
     * finite counts as a failure.
     */
    default PredictionBatch tryPredictAll(List<Architecture> architectures) {
        PredictionBatch.Builder batch = PredictionBatch.builder(architectures.size());
        for (int i = 0; i < architectures.size(); i++) {
            Architecture a = architectures.get(i);
            try {
                double score = predict(a);
                if (Double.isFinite(score)) {
                    batch.success(i, score);
                } else {
                    batch.failure(i, new PredictionException(name(), a, "score " + score + " is not finite"));
                }
            } catch (PredictionException e) {
                batch.failure(i, e);
            }
        }
        return batch.build();
    }
}
