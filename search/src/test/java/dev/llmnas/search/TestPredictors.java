package dev.llmnas.search;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.NatsBench;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Predictors for tests: the real NATS-Bench table, and wrappers that count and inspect every call. */
final class TestPredictors {
    private static NatsBench table;
    private static RuntimeException missing;

    private TestPredictors() {
    }

    /**
     * The real NATS-Bench table from the shared data folder, loaded once. Without the data folder the first test
     * that asks fails with the folders searched and how to set LLMNAS_DATA; later ones are aborted (skipped), so
     * the failure is reported once.
     */
    static synchronized NatsBench natsBench() {
        if (table != null) {
            return table;
        }
        if (missing != null) {
            org.junit.jupiter.api.Assumptions.abort("shared data folder not found; see the one failing test");
        }
        try {
            table = NatsBench.load(DataPaths.natsBench(DataPaths.locate(null, System.getenv(DataPaths.ENV), java.nio.file.Path.of(""))));
            return table;
        } catch (RuntimeException e) {
            missing = e;
            throw new dev.llmnas.core.LlmnasException("tests that read the shared data sets cannot run: "
                    + e.getMessage() + " (the other tests that need the data are skipped)", e);
        }
    }

    /** Counts calls per architecture and lets a test look at (or fail) each call. Thread-safe. */
    static final class Counting implements PerformancePredictor {
        final PerformancePredictor delegate;
        final String name;
        final Map<Architecture, AtomicInteger> perArchitecture = new ConcurrentHashMap<>();
        final AtomicLong calls = new AtomicLong();
        volatile Consumer<Architecture> beforeEachCall = a -> { };

        Counting(PerformancePredictor delegate) {
            this(delegate, delegate.name());
        }

        Counting(PerformancePredictor delegate, String name) {
            this.delegate = delegate;
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Direction direction() {
            return delegate.direction();
        }

        @Override
        public double predict(Architecture architecture) {
            beforeEachCall.accept(architecture);
            calls.incrementAndGet();
            perArchitecture.computeIfAbsent(architecture, a -> new AtomicInteger()).incrementAndGet();
            return delegate.predict(architecture);
        }

        long calls() {
            return calls.get();
        }

        int maxCallsOfOneArchitecture() {
            return perArchitecture.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
        }
    }

    /** The error rate (100 - accuracy) on a data set: a predictor where lower is better. */
    static PerformancePredictor errorRate(NatsBench.Dataset dataset) {
        PerformancePredictor accuracy = natsBench().predictor(dataset);
        return new PerformancePredictor() {
            @Override
            public String name() {
                return "error:" + dataset.id();
            }

            @Override
            public Direction direction() {
                return Direction.LOWER_IS_BETTER;
            }

            @Override
            public double predict(Architecture architecture) {
                return 100 - accuracy.predict(architecture);
            }
        };
    }

    /** A fixed linear function of the space's default encoding: cheap, deterministic, higher is better. */
    static PerformancePredictor linear(SearchSpace space, long seed) {
        var encoding = space.encoding();
        double[] w = new double[encoding.size()];
        Xoshiro256 r = new Xoshiro256(seed);
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextDouble() * 2 - 1;
        }
        return new PerformancePredictor() {
            @Override
            public String name() {
                return "linear";
            }

            @Override
            public Direction direction() {
                return Direction.HIGHER_IS_BETTER;
            }

            @Override
            public double predict(Architecture architecture) {
                double[] x = encoding.encode(architecture);
                double s = 0;
                for (int i = 0; i < x.length; i++) {
                    s += w[i] * x[i];
                }
                return s;
            }
        };
    }
}
