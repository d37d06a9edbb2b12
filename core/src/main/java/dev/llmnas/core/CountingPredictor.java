package dev.llmnas.core;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a predictor and counts the architectures it is asked to score, batched or not: the cost meter of an
 * expensive predictor (supernet calls, training runs, LLM prompts). It has no space of its own: architectures
 * reach the delegate as given (its own skeleton canonicalizes them) and the delegate's batches stay batches.
 * Thread-safe when the delegate is.
 */
public final class CountingPredictor extends AbstractPerformancePredictor {
    private final PerformancePredictor delegate;
    private final AtomicLong calls = new AtomicLong();

    /**
     * Starts counting at 0.
     *
     * @param delegate the predictor whose calls are counted
     * @throws NullPointerException when {@code delegate} is null
     */
    public CountingPredictor(PerformancePredictor delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Architectures scored so far (one per architecture of a batch). */
    public long calls() {
        return calls.get();
    }

    /** The wrapped predictor. */
    public PerformancePredictor delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Direction direction() {
        return delegate.direction();
    }

    @Override
    protected double doPredict(Architecture architecture) {
        calls.incrementAndGet();
        return delegate.predict(architecture);
    }

    @Override
    protected double[] doPredictAll(List<Architecture> architectures) {
        calls.addAndGet(architectures.size());
        return delegate.predictAll(architectures);
    }

    @Override
    protected PredictionBatch doTryPredictAll(List<Architecture> architectures) {
        calls.addAndGet(architectures.size());
        return delegate.tryPredictAll(architectures);
    }

    @Override
    public String toString() {
        return "counting(" + delegate + ")";
    }
}
