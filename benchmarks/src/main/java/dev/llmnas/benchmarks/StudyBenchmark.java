package dev.llmnas.benchmarks;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.Nb201Space;
import dev.llmnas.search.RandomSearch;
import dev.llmnas.study.SearchFactory;
import dev.llmnas.study.Study;
import dev.llmnas.study.StudyDatabase;
import dev.llmnas.study.StudyOptions;
import dev.llmnas.study.Trial;
import dev.llmnas.study.Worker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Studies kept in a database: (1) the overhead of one {@code ask} plus {@code tell} per trial, on an embedded
 * SQLite file and on a local PostgreSQL (zonky's embedded binaries, started here), with a predictor that costs
 * nothing; (2) scaling with 1, 2, 4 and 8 workers against an expensive predictor that sleeps 100 ms per call.
 * Workers are threads of this JVM, each a {@link Worker} with its own name, sharing the study's connection pool
 * (the multi-process behaviour is what the study module's tests check; here only throughput is measured).
 * The search is a random search on NAS-Bench-201 in batches that every worker count divides.
 *
 * <p>A main()-harness: one measurement is seconds of mostly sleeping. Run it with:
 *
 * <pre>
 * mvn -B -q -o -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/llmnas-benchmarks.jar dev.llmnas.benchmarks.StudyBenchmark \
 *     [--rounds 3] [--overhead-trials 400] [--batch 64] [--batches 3] [--sleep-ms 100]
 * </pre>
 *
 * It prints Markdown tables of medians over the rounds (see {@code benchmarks/README-study.md}).
 */
public final class StudyBenchmark {
    private static final SearchSpace NB201 = Nb201Space.space();

    private StudyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>(Map.of("rounds", "3", "overhead-trials", "400", "batch", "64",
                "batches", "3", "sleep-ms", "100"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (!opts.containsKey(key)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; allowed: " + opts.keySet());
            }
            opts.put(key, args[i + 1]);
        }
        int rounds = Integer.parseInt(opts.get("rounds"));
        int overheadTrials = Integer.parseInt(opts.get("overhead-trials"));
        int batch = Integer.parseInt(opts.get("batch"));
        int batches = Integer.parseInt(opts.get("batches"));
        long sleepMs = Long.parseLong(opts.get("sleep-ms"));
        int[] workerCounts = {1, 2, 4, 8};

        Path dir = Files.createTempDirectory("llmnas-study-bench");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            AtomicInteger databases = new AtomicInteger();
            java.util.function.Supplier<String> sqlite = () -> "jdbc:sqlite:" + dir.resolve("b"
                    + databases.incrementAndGet() + ".db");
            java.util.function.Supplier<String> postgres = () -> {
                String name = "b" + databases.incrementAndGet();
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
                return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + name + "?user=postgres";
            };
            Map<String, java.util.function.Supplier<String>> dbs = new LinkedHashMap<>();
            dbs.put("SQLite", sqlite);
            dbs.put("PostgreSQL", postgres);

            System.out.printf(Locale.ROOT, "## ask + tell overhead per trial (median of %d rounds of %d trials,"
                    + " predictor free)%n%n| database | ask+tell median (ms) | ratio to SQLite |%n|---|---:|---:|%n",
                    rounds, overheadTrials);
            Map<String, Double> overhead = new LinkedHashMap<>();
            for (var e : dbs.entrySet()) {
                double[] medians = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    medians[r] = askTellMedianMillis(e.getValue().get(), overheadTrials);
                }
                overhead.put(e.getKey(), median(medians));
            }
            for (var e : overhead.entrySet()) {
                System.out.printf(Locale.ROOT, "| %s | %.3f | %.2f |%n", e.getKey(), e.getValue(),
                        e.getValue() / overhead.get("SQLite"));
            }

            System.out.printf(Locale.ROOT, "%n## scaling: %d trials (%d batches of %d), predictor sleeping %d ms,"
                    + " workers as threads (median of %d rounds)%n%n| database | workers | wall (s) | trials/s |"
                    + " speed-up vs 1 worker |%n|---|---:|---:|---:|---:|%n", batch * batches, batches, batch,
                    sleepMs, rounds);
            for (var e : dbs.entrySet()) {
                Map<Integer, Double> wall = new LinkedHashMap<>();
                for (int w : workerCounts) {
                    wall.put(w, 0.0);
                }
                double[][] samples = new double[workerCounts.length][rounds];
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < workerCounts.length; i++) {
                        samples[i][r] = scalingSeconds(e.getValue().get(), workerCounts[i], batch, batches, sleepMs);
                    }
                }
                for (int i = 0; i < workerCounts.length; i++) {
                    wall.put(workerCounts[i], median(samples[i]));
                }
                for (int w : workerCounts) {
                    double s = wall.get(w);
                    System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.1f | %.2f |%n", e.getKey(), w, s,
                            batch * batches / s, wall.get(1) / s);
                }
            }
        }
    }

    /** A random search on NB201 whose distributed predictor is {@code predictor}. */
    private static SearchFactory factory(PerformancePredictor predictor, int batch, int batches) {
        return ctx -> RandomSearch.builder().space(NB201).predictor(ctx.distributed(predictor))
                .budget(batch * batches).batchSize(batch).seed(1).checkpoint(ctx.checkpoint())
                .listener(ctx.listener()).build();
    }

    private static double askTellMedianMillis(String url, int trials) {
        PerformancePredictor free = predictor(0);
        try (StudyDatabase db = StudyDatabase.open(url, null, null, true)) {
            Study study = Study.create(db, "overhead", factory(free, trials, 1), StudyOptions.DEFAULTS);
            // the first ask advances the search and stores the whole batch of pending trials: not timed
            Trial first = study.ask("w").orElseThrow();
            study.tell(first.id(), free.predict(first.architecture()));
            List<Double> times = new ArrayList<>();
            for (int i = 1; i < trials; i++) {
                long t0 = System.nanoTime();
                Optional<Trial> t = study.ask("w");
                study.tell(t.orElseThrow().id(), 0.5);
                times.add((System.nanoTime() - t0) / 1e6);
            }
            return median(times.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    private static double scalingSeconds(String url, int workers, int batch, int batches, long sleepMs)
            throws InterruptedException {
        PerformancePredictor slow = predictor(sleepMs);
        try (StudyDatabase db = StudyDatabase.open(url, null, null, true)) {
            Study study = Study.create(db, "scaling", factory(slow, batch, batches), StudyOptions.DEFAULTS);
            study.advance();
            long t0 = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Worker worker = new Worker(study, "t" + w, study.predictors(), Duration.ofMillis(5));
                Thread t = new Thread(worker, "worker-" + w);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!study.isFinished()) {
                throw new IllegalStateException("study did not finish");
            }
            return seconds;
        }
    }

    /** The NB201 table is not needed: a fixed function of the architecture, sleeping {@code sleepMs} per call. */
    private static PerformancePredictor predictor(long sleepMs) {
        return new PerformancePredictor() {
            @Override
            public String name() {
                return "sleepy";
            }

            @Override
            public Direction direction() {
                return Direction.HIGHER_IS_BETTER;
            }

            @Override
            public double predict(Architecture a) {
                if (sleepMs > 0) {
                    try {
                        Thread.sleep(sleepMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                return Math.floorMod(a.key().hashCode(), 1000) / 10.0;
            }
        };
    }

    static double median(double[] values) {
        return new org.apache.commons.math3.stat.descriptive.rank.Median().evaluate(values);
    }
}
