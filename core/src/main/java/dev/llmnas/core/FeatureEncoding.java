package dev.llmnas.core;

import java.util.List;

/**
 * Turns an architecture into a fixed-length numeric feature vector for regressors (XGBoost, k-NN, ridge).
 * Implementations are immutable and thread-safe.
 */
public interface FeatureEncoding {

    /** A short stable name recorded in model provenance, e.g. {@code means} or {@code per-layer}. */
    String name();

    /** One name per feature, in vector order. */
    List<String> featureNames();

    /** Length of the feature vector: by default the number of {@link #featureNames()}. */
    default int size() {
        return featureNames().size();
    }

    /**
     * Writes the features of {@code architecture} into {@code out[offset .. offset + size())}, allocating
     * nothing: this is the hot path of distilled predictors.
     */
    void encode(Architecture architecture, double[] out, int offset);

    /** Convenience: a new array with the features. */
    default double[] encode(Architecture architecture) {
        double[] out = new double[size()];
        encode(architecture, out, 0);
        return out;
    }
}
