package dev.llmnas.benchmarks;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.predictors.DistilledPredictor;
import dev.llmnas.predictors.TreeEnsemble;
import dev.llmnas.predictors.XGBoostDistiller;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Distilled-predictor inference: the pure-Java {@link TreeEnsemble} against XGBoost4J on the same model
 * (300 trees of depth 6 on HAT's {@code means} encoding, trained in setup on 4,096 sampled architectures
 * labelled by a deterministic synthetic function), one architecture per call and batches of 1,024, 10,000 and
 * 100,000, on 1 or 2 threads.
 *
 * <ul>
 *   <li>{@code ours}: {@link DistilledPredictor#predict} / {@link DistilledPredictor#predictAll(List,
 *   java.util.concurrent.Executor, int)} with {@code threads} chunks: encoding the architectures included,
 *   default evaluator;</li>
 *   <li>{@code oursPreEncoded}: {@link TreeEnsemble#predict} on rows encoded in setup (trees only), once per
 *   {@code evaluator} ({@link TreeEnsemble.Evaluator}); batches split into {@code threads} chunks;</li>
 *   <li>{@code xgboost4j}: {@code new DMatrix(rows)} + {@code Booster.predict}, rows encoded in setup,
 *   booster {@code nthread = threads}; a fresh DMatrix per call, as XGBoost caches the predictions of a
 *   DMatrix it has seen;</li>
 *   <li>{@code xgboost4jInplace}: {@code Booster.inplace_predict} on the rows, {@code nthread = threads}.</li>
 * </ul>
 * The XGBoost4J peers are spared the encoding, so ratios against {@code ours} understate our advantage.
 * {@code threads} does not apply to single predictions (batch 1). The first fork saves the distilled model under
 * {@code java.io.tmpdir} ({@code llmnas-inference-benchmark-<id>}) and later forks load it instead of training
 * again; every fork still checks that ours and XGBoost4J agree to the bit before measuring.
 *
 * <p>Run (single predictions, then batches with the default evaluator; {@code benchmarks/README-inference.md}):
 * <pre>
 * mvn -B -q -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/llmnas-benchmarks.jar PredictorInferenceBenchmark -f 2 -wi 5 -i 8 -w 1s -r 1s \
 *     -p batch=1 -p threads=1 -prof gc
 * java -jar benchmarks/target/llmnas-benchmarks.jar PredictorInferenceBenchmark -f 2 -wi 5 -i 8 -w 1s -r 1s \
 *     -p batch=1024,10000,100000 -p threads=1,2 -p evaluator=BITVECTOR -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class PredictorInferenceBenchmark {
    private static final int POOL = 4096;
    /** Distinct architectures encoded in setup; larger batches repeat them. */
    private static final int DISTINCT = 4096;
    /** Names the cached model: change it when the model's recipe below changes. */
    private static final String MODEL_ID = "v1-hat-means-300x6-seed1-4096";

    /** Architectures per call: 1 scores a single architecture, more a batch. */
    @Param({"1", "1024", "10000", "100000"})
    public int batch;

    /** Threads a batch is split across (ours: chunks on a fixed pool plus the caller; XGBoost4J: nthread). */
    @Param({"1", "2"})
    public int threads;

    private DistilledPredictor predictor;
    private Booster booster;
    private List<Architecture> architectures;
    private List<Architecture> batchList;
    private float[] rows;
    private float[][] singleRows;
    private int features;
    private int cursor;
    private ExecutorService pool;

    @Setup(Level.Trial)
    public void setUp() throws XGBoostError, java.io.IOException {
        SearchSpace space = HatSpaces.wmt14ende();
        SplittableRandom random = new SplittableRandom(1);
        List<Architecture> training = new ArrayList<>(POOL);
        for (int i = 0; i < POOL; i++) {
            training.add(space.sample(random));
        }
        // the distillation is deterministic (fixed seed); each JMH fork would repeat it, so the first one saves
        // the model where the others find it
        java.nio.file.Path cache = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
                "llmnas-inference-benchmark-" + MODEL_ID);
        if (java.nio.file.Files.isRegularFile(cache.resolve(DistilledPredictor.PROVENANCE_FILE))) {
            predictor = DistilledPredictor.load(cache, space);
        } else {
            predictor = XGBoostDistiller.builder().rounds(300).maxDepth(6).encoding("means").seed(1)
                    .threads(Runtime.getRuntime().availableProcessors()).build()
                    .distill(syntheticTeacher(space), space, training);
            predictor.save(cache);
        }
        List<Architecture> distinct = new ArrayList<>(DISTINCT);
        for (int i = 0; i < DISTINCT; i++) {
            distinct.add(space.sample(random));
        }
        int size = Math.max(batch, DISTINCT);
        architectures = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            architectures.add(distinct.get(i % DISTINCT));
        }
        batchList = List.copyOf(architectures.subList(0, batch));
        FeatureEncoding encoding = predictor.encoding();
        features = encoding.size();
        rows = new float[size * features];
        singleRows = new float[DISTINCT][features];
        double[] row = new double[features];
        for (int i = 0; i < size; i++) {
            encoding.encode(architectures.get(i), row, 0);
            for (int j = 0; j < features; j++) {
                rows[i * features + j] = (float) row[j];
            }
            if (i < DISTINCT) {
                for (int j = 0; j < features; j++) {
                    singleRows[i][j] = (float) row[j];
                }
            }
        }
        booster = XGBoost.loadModel(predictor.modelJson());
        booster.setParam("nthread", threads);
        pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
            Thread t = new Thread(r, "inference-benchmark");
            t.setDaemon(true);
            return t;
        });
        check();
    }

    /** Refuses to measure if the two implementations disagree in a single bit. */
    private void check() throws XGBoostError {
        int n = DISTINCT;
        DMatrix m = new DMatrix(rows, n, features, Float.NaN);
        float[][] expected = booster.predict(m);
        m.dispose();
        double[] ours = predictor.predictAll(architectures.subList(0, n), pool, threads);
        for (int i = 0; i < n; i++) {
            if (Float.floatToRawIntBits((float) ours[i]) != Float.floatToRawIntBits(expected[i][0])) {
                throw new IllegalStateException("row " + i + ": ours " + ours[i] + " vs XGBoost4J " + expected[i][0]);
            }
            double single = predictor.predict(architectures.get(i));
            if (Float.floatToRawIntBits((float) single) != Float.floatToRawIntBits(expected[i][0])) {
                throw new IllegalStateException("row " + i + ": ours (single) " + single + " vs XGBoost4J "
                        + expected[i][0]);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        booster.dispose();
        pool.shutdownNow();
    }

    /** One compiled ensemble per evaluator, for {@code oursPreEncoded}. */
    @State(Scope.Benchmark)
    public static class Evaluated {
        /** The {@link TreeEnsemble.Evaluator} under test. */
        @Param({"WALK", "BITVECTOR"})
        public String evaluator;

        TreeEnsemble trees;
        float[] out;

        @Setup(Level.Trial)
        public void setUp(PredictorInferenceBenchmark b) throws XGBoostError {
            trees = TreeEnsemble.fromXGBoostJson(b.predictor.modelJson(), TreeEnsemble.Evaluator.valueOf(evaluator));
            out = new float[b.batch];
            // the same check as the main state, for this evaluator
            int n = DISTINCT;
            float[] mine = new float[n];
            trees.predict(b.rows, n, mine);
            DMatrix m = new DMatrix(b.rows, n, b.features, Float.NaN);
            float[][] expected = b.booster.predict(m);
            m.dispose();
            for (int i = 0; i < n; i++) {
                if (Float.floatToRawIntBits(mine[i]) != Float.floatToRawIntBits(expected[i][0])) {
                    throw new IllegalStateException(evaluator + " row " + i + ": " + mine[i] + " vs XGBoost4J "
                            + expected[i][0]);
                }
            }
        }
    }

    static PerformancePredictor syntheticTeacher(SearchSpace space) {
        return new PerformancePredictor() {
            @Override
            public String name() {
                return "synthetic-bleu";
            }

            @Override
            public Direction direction() {
                return Direction.HIGHER_IS_BETTER;
            }

            @Override
            public double predict(Architecture a) {
                double params = space.metric(a, HatSpaces.PARAMS);
                int layers = a.getInt("decoder-layer-num");
                double ende = a.getIntList("decoder-arbitrary-ende-attn").stream().mapToInt(Integer::intValue)
                        .average().orElse(0);
                return 20 + 2.5 * Math.log(params / 1e7) + 0.3 * layers * (1 + ende) - 0.05 * layers * layers;
            }
        };
    }

    private int next() {
        int i = cursor;
        cursor = (i + 1) & (DISTINCT - 1);
        return i;
    }

    @Benchmark
    public void ours(Blackhole bh) {
        if (batch == 1) {
            bh.consume(predictor.predict(architectures.get(next())));
        } else {
            bh.consume(predictor.predictAll(batchList, pool, threads));
        }
    }

    @Benchmark
    public void oursPreEncoded(Evaluated e, Blackhole bh) {
        if (batch == 1) {
            bh.consume(e.trees.predict(rows, next() * features));
        } else {
            // a caller that scores many batches reuses its output array
            e.trees.predict(rows, batch, e.out, pool, threads);
            bh.consume(e.out);
        }
    }

    @Benchmark
    public void xgboost4j(Blackhole bh) throws XGBoostError {
        DMatrix m = batch == 1 ? new DMatrix(singleRows[next()], 1, features, Float.NaN)
                : new DMatrix(rows, batch, features, Float.NaN);
        try {
            bh.consume(booster.predict(m));
        } finally {
            m.dispose();
        }
    }

    @Benchmark
    public void xgboost4jInplace(Blackhole bh) throws XGBoostError {
        if (batch == 1) {
            bh.consume(booster.inplace_predict(singleRows[next()], 1, features, Float.NaN));
        } else {
            bh.consume(booster.inplace_predict(rows, batch, features, Float.NaN));
        }
    }
}
