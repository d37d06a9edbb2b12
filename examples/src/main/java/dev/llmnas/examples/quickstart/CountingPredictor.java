package dev.llmnas.examples.quickstart;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Wraps a predictor and counts the architectures it is asked to score. */
final class CountingPredictor implements PerformancePredictor {
    private final PerformancePredictor delegate;
    private final AtomicLong calls = new AtomicLong();

    CountingPredictor(PerformancePredictor delegate) {
        this.delegate = delegate;
    }

    long calls() {
        return calls.get();
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
    public double predict(Architecture architecture) {
        calls.incrementAndGet();
        return delegate.predict(architecture);
    }

    @Override
    public double[] predictAll(List<Architecture> architectures) {
        calls.addAndGet(architectures.size());
        return delegate.predictAll(architectures);
    }
}
