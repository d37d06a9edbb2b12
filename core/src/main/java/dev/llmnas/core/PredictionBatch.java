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

    /** A builder for a batch of {@code size} architectures (at least 0). */
    public static Builder builder(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " must not be negative");
        }
        return new Builder(size);
    }

    /** Number of architectures in the batch. */
    public int size() {
        return scores.length;
    }

    /** True when {@code index} was scored. */
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

    /** Number of architectures that were scored. */
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

        /**
         * Records the score of {@code index}.
         *
         * @throws IllegalArgumentException when the index is out of range or the score is not finite (a
         *                                  predictor that cannot score reports a failure instead)
         * @throws IllegalStateException    when the index was already reported
         */
        public synchronized Builder success(int index, double score) {
            checkIndex(index);
            if (!Double.isFinite(score)) {
                throw new IllegalArgumentException("score of index " + index + ": " + score
                        + " is not finite; report a failure instead");
            }
            mark(index);
            scores[index] = score;
            return this;
        }

        /**
         * Records why {@code index} could not be scored.
         *
         * @throws IllegalArgumentException when the index is out of range or the reason is null
         * @throws IllegalStateException    when the index was already reported
         */
        public synchronized Builder failure(int index, LlmnasException reason) {
            checkIndex(index);
            if (reason == null) {
                throw new IllegalArgumentException("reason of index " + index + ": must not be null");
            }
            mark(index);
            failures.put(index, reason);
            return this;
        }

        private void checkIndex(int index) {
            if (index < 0 || index >= set.length) {
                throw new IllegalArgumentException("index " + index + " is outside [0, " + set.length + ")");
            }
        }

        private void mark(int index) {
            if (set[index]) {
                throw new IllegalStateException("index " + index + " reported twice");
            }
            set[index] = true;
        }

        /**
         * The batch of every reported score and failure (the scores are copied, so the batch is immutable).
         *
         * @throws IllegalStateException when some index was reported neither as a score nor as a failure
         */
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
