package dev.llmnas.study;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import dev.llmnas.search.HybridSearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The small search every study test runs: hybrid search on NAS-Bench-201 with the real NATS-Bench table, the cheap
 * CIFAR-100 error rate run by the advancing process and the CIFAR-10 accuracy as the distributed expensive predictor.
 */
final class StudyFixtures {
    static final SearchSpace NB201 = Nb201Space.space();
    static final int ITERATIONS = 8;
    private static NatsBench table;

    private StudyFixtures() {
    }

    static synchronized NatsBench natsBench() {
        if (table == null) {
            table = NatsBench.load(DataPaths.natsBench(DataPaths.locate(null, System.getenv(DataPaths.ENV), java.nio.file.Path.of(""))));
        }
        return table;
    }

    static HybridSearch.Builder builder(PerformancePredictor cheap, PerformancePredictor expensive, long seed) {
        return HybridSearch.builder().space(NB201).initialPredictor(cheap).finalPredictor(expensive)
                .iterations(ITERATIONS).switchAt(3).populationSize(12).parents(4).mutations(4).crossovers(4)
                .seed(seed);
    }

    static PerformancePredictor cheap() {
        PerformancePredictor accuracy = natsBench().predictor(NatsBench.Dataset.CIFAR100);
        return new PerformancePredictor() {
            @Override
            public String name() {
                return "error:cifar100";
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

    /** The expensive predictor: the CIFAR-10 table, counting every call (and appending it to a file if given). */
    static final class Expensive implements PerformancePredictor {
        final PerformancePredictor table = natsBench().predictor(NatsBench.Dataset.CIFAR10);
        final AtomicLong calls = new AtomicLong();
        final Path log;
        final long sleepMillis;

        Expensive(Path log, long sleepMillis) {
            this.log = log;
            this.sleepMillis = sleepMillis;
        }

        @Override
        public String name() {
            return table.name();
        }

        @Override
        public Direction direction() {
            return table.direction();
        }

        @Override
        public double predict(Architecture architecture) {
            calls.incrementAndGet();
            if (log != null) {
                try {
                    // recorded before the work: a call killed mid-way still counts as made
                    Files.writeString(log, architecture.key() + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (sleepMillis > 0) {
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return table.predict(architecture);
        }
    }

    static SearchFactory factory(PerformancePredictor expensive, long seed) {
        PerformancePredictor cheap = cheap();
        return ctx -> builder(cheap, ctx.distributed(expensive), seed).checkpoint(ctx.checkpoint())
                .listener(ctx.listener()).build();
    }
}
