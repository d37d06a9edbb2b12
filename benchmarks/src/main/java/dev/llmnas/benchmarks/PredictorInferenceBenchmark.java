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
 * labelled by a deterministic synthetic function), one architecture per call and batches of 1,024.
 *
 * <ul>
 *   <li>{@code ours}: {@link DistilledPredictor#predict} / {@link DistilledPredictor#predictAll} — encoding
 *   the architecture included;</li>
 *   <li>{@code oursPreEncoded}: {@link TreeEnsemble#predict} on rows encoded in setup (trees only);</li>
 *   <li>{@code xgboost4j}: {@code new DMatrix(rows)} + {@code Booster.predict}, rows encoded in setup,
 *   booster {@code nthread=1};</li>
 *   <li>{@code xgboost4jInplace}: {@code Booster.inplace_predict} on the rows, {@code nthread=1};</li>
 *   <li>{@code xgboost4jAllThreads}: as {@code xgboost4j} with XGBoost's default thread count (all cores).</li>
 * </ul>
 * The XGBoost4J peers are spared the encoding, so ratios against {@code ours} understate our advantage.
 *
 * <p>Run (short settings; the machine is shared):
 * <pre>
 * mvn -B -q -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/llmnas-benchmarks.jar PredictorInferenceBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class PredictorInferenceBenchmark {
    private static final int POOL = 4096;
    private static final int BATCH_CAPACITY = 1024;

    /** Architectures per call: 1 scores a single architecture, 1024 a batch. */
    @Param({"1", "1024"})
    public int batch;

    private DistilledPredictor predictor;
    private TreeEnsemble trees;
    private Booster booster;
    private Booster boosterAllThreads;
    private List<Architecture> architectures;
    private List<Architecture> batchList;
    private float[] rows;
    private float[][] singleRows;
    private int features;
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() throws XGBoostError, java.io.IOException {
        SearchSpace space = HatSpaces.wmt14ende();
        SplittableRandom random = new SplittableRandom(1);
        List<Architecture> pool = new ArrayList<>(POOL);
        for (int i = 0; i < POOL; i++) {
            pool.add(space.sample(random));
        }
        predictor = XGBoostDistiller.builder().rounds(300).maxDepth(6).encoding("means").seed(1)
                .threads(Runtime.getRuntime().availableProcessors()).build()
                .distill(syntheticTeacher(space), space, pool);
        trees = predictor.trees();
        architectures = new ArrayList<>(BATCH_CAPACITY);
        for (int i = 0; i < BATCH_CAPACITY; i++) {
            architectures.add(space.sample(random));
        }
        batchList = List.copyOf(architectures.subList(0, batch));
        FeatureEncoding encoding = predictor.encoding();
        features = encoding.size();
        rows = new float[BATCH_CAPACITY * features];
        singleRows = new float[BATCH_CAPACITY][features];
        double[] row = new double[features];
        for (int i = 0; i < BATCH_CAPACITY; i++) {
            encoding.encode(architectures.get(i), row, 0);
            for (int j = 0; j < features; j++) {
                rows[i * features + j] = (float) row[j];
                singleRows[i][j] = (float) row[j];
            }
        }
        booster = XGBoost.loadModel(predictor.modelJson());
        booster.setParam("nthread", 1);
        boosterAllThreads = XGBoost.loadModel(predictor.modelJson());
        check();
    }

    /** Refuses to measure if the two implementations disagree. */
    private void check() throws XGBoostError {
        DMatrix m = new DMatrix(rows, BATCH_CAPACITY, features, Float.NaN);
        float[][] expected = booster.predict(m);
        m.dispose();
        double[] ours = predictor.predictAll(architectures);
        for (int i = 0; i < BATCH_CAPACITY; i++) {
            if (Math.abs(ours[i] - expected[i][0]) > 1e-5) {
                throw new IllegalStateException("row " + i + ": ours " + ours[i] + " vs XGBoost4J " + expected[i][0]);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        booster.dispose();
        boosterAllThreads.dispose();
    }

    private static PerformancePredictor syntheticTeacher(SearchSpace space) {
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
        cursor = (i + 1) & (BATCH_CAPACITY - 1);
        return i;
    }

    @Benchmark
    public void ours(Blackhole bh) {
        if (batch == 1) {
            bh.consume(predictor.predict(architectures.get(next())));
        } else {
            bh.consume(predictor.predictAll(batchList));
        }
    }

    @Benchmark
    public void oursPreEncoded(Blackhole bh) {
        if (batch == 1) {
            bh.consume(trees.predict(rows, next() * features));
        } else {
            float[] out = new float[batch];
            trees.predict(rows, batch, out);
            bh.consume(out);
        }
    }

    @Benchmark
    public void xgboost4j(Blackhole bh) throws XGBoostError {
        bh.consume(dmatrixPredict(booster));
    }

    @Benchmark
    public void xgboost4jAllThreads(Blackhole bh) throws XGBoostError {
        bh.consume(dmatrixPredict(boosterAllThreads));
    }

    @Benchmark
    public void xgboost4jInplace(Blackhole bh) throws XGBoostError {
        if (batch == 1) {
            bh.consume(booster.inplace_predict(singleRows[next()], 1, features, Float.NaN));
        } else {
            bh.consume(booster.inplace_predict(rows, batch, features, Float.NaN));
        }
    }

    private float[][] dmatrixPredict(Booster b) throws XGBoostError {
        DMatrix m = batch == 1 ? new DMatrix(singleRows[next()], 1, features, Float.NaN)
                : new DMatrix(rows, batch, features, Float.NaN);
        try {
            return b.predict(m);
        } finally {
            m.dispose();
        }
    }
}
