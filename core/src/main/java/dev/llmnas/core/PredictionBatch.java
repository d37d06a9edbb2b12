package dev.llmnas.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of scoring a list of architectures: a score for each index that succeeded and the reason for
 * each that failed (or was skipped, e.g. when a call budget ran out). Scores of failed indices are NaN.
 */
public final class PredictionBatch {
    private final double[] scores;
    private final Map<Integer, LlmnasException> failures;

    private PredictionBatch(double[] scores, Map<Integer, LlmnasException> failures) {
        this.scores = scores;
        this.failures = Collections.unmodifiableMap(failures);
    }

    public static Builder builder(int size) {
        return new Builder(size);
    }

    public int size() {
        return scores.length;
    }

    public boolean succeeded(int index) {
        return !failures.containsKey(index);
    }

    /** The score at {@code index}, or an exception that carries the reason it failed. */
    public double score(int index) {
        LlmnasException failure = failures.get(index);
        if (failure != null) {
            throw failure;
        }
        return scores[index];
    }

    /** A copy of all scores, NaN where an index failed. */
    public double[] scoresOrNaN() {
        return scores.clone();
    }

    /** Failures by index, in index order. */
    public Map<Integer, LlmnasException> failures() {
        return failures;
    }

    public int successCount() {
        return scores.length - failures.size();
    }

    /** Incremental builder; every index must be set once. */
    public static final class Builder {
        private final double[] scores;
        private final boolean[] set;
        private final Map<Integer, LlmnasException> failures = new TreeMap<>();

        private Builder(int size) {
            scores = new double[size];
            Arrays.fill(scores, Double.NaN);
            set = new boolean[size];
        }

        public synchronized Builder success(int index, double score) {
            mark(index);
            scores[index] = score;
            return this;
        }

        public synchronized Builder failure(int index, LlmnasException reason) {
            mark(index);
            failures.put(index, reason);
            return this;
        }

        private void mark(int index) {
            if (set[index]) {
                throw new IllegalStateException("index " + index + " reported twice");
            }
            set[index] = true;
        }

        public synchronized PredictionBatch build() {
            for (int i = 0; i < set.length; i++) {
                if (!set[i]) {
                    throw new IllegalStateException("index " + i + " was never reported");
                }
            }
            return new PredictionBatch(scores.clone(), new TreeMap<>(failures));
        }
    }
}
