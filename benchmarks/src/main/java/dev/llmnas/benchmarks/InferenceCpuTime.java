package dev.llmnas.benchmarks;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.predictors.DistilledPredictor;
import dev.llmnas.predictors.TreeEnsemble;
import dev.llmnas.predictors.XGBoostDistiller;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The single-threaded half of {@link PredictorInferenceBenchmark} timed by the calling thread's CPU time instead
 * of the wall clock, so that the ratios hold on a machine shared with other work (a descheduled thread uses no
 * CPU time). Same model (300 trees of depth 6, HAT {@code means}), same methods, XGBoost4J with
 * {@code nthread=1} (its prediction runs on the calling thread). Prints, per method and batch size, the median
 * over {@code --rounds} measurements of CPU microseconds per architecture, and the ratios against XGBoost4J.
 *
 * <p>Run: {@code java -cp benchmarks/target/llmnas-benchmarks.jar dev.llmnas.benchmarks.InferenceCpuTime [rounds]}
 * (default 15 rounds; each round times each method over at least 20 ms of CPU).
 */
public final class InferenceCpuTime {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final int DISTINCT = 4096;

    private InferenceCpuTime() {
    }

    /** A method under test: scores {@code batch} architectures starting at {@code at}. */
    private interface Method {
        double run(int at) throws XGBoostError;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        SearchSpace space = HatSpaces.wmt14ende();
        SplittableRandom random = new SplittableRandom(1);
        List<Architecture> training = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            training.add(space.sample(random));
        }
        DistilledPredictor predictor = XGBoostDistiller.builder().rounds(300).maxDepth(6).encoding("means").seed(1)
                .threads(Runtime.getRuntime().availableProcessors()).build()
                .distill(PredictorInferenceBenchmark.syntheticTeacher(space), space, training);
        List<Architecture> distinct = new ArrayList<>();
        for (int i = 0; i < DISTINCT; i++) {
            distinct.add(space.sample(random));
        }
        FeatureEncoding encoding = predictor.encoding();
        int f = encoding.size();
        int max = 100_000;
        List<Architecture> all = new ArrayList<>(max);
        float[] rows = new float[max * f];
        double[] row = new double[f];
        for (int i = 0; i < max; i++) {
            all.add(distinct.get(i % DISTINCT));
            encoding.encode(all.get(i), row, 0);
            for (int j = 0; j < f; j++) {
                rows[i * f + j] = (float) row[j];
            }
        }
        Booster booster = XGBoost.loadModel(predictor.modelJson());
        booster.setParam("nthread", 1);
        TreeEnsemble walk = TreeEnsemble.fromXGBoostJson(predictor.modelJson(), TreeEnsemble.Evaluator.WALK);
        TreeEnsemble bits = TreeEnsemble.fromXGBoostJson(predictor.modelJson(), TreeEnsemble.Evaluator.BITVECTOR);
        System.out.printf(Locale.ROOT, "# CPU microseconds per architecture, median of %d rounds; %d cores%n", rounds,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| batch | ours | oursPreEncoded WALK | oursPreEncoded BITVECTOR | xgboost4j | xgboost4jInplace"
                + " | xgboost4j / ours | xgboost4j / BITVECTOR |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int batch : new int[] {1, 1024, 10_000, 100_000}) {
            List<Architecture> list = List.copyOf(all.subList(0, batch));
            float[] out = new float[batch];
            float[][] single = new float[DISTINCT][];
            for (int i = 0; i < DISTINCT; i++) {
                single[i] = Arrays.copyOfRange(rows, i * f, (i + 1) * f);
            }
            Method ours = batch == 1 ? at -> predictor.predict(distinct.get(at))
                    : at -> predictor.predictAll(list, Runnable::run, 1)[0];
            Method oursWalk = preEncoded(walk, rows, f, batch, out);
            Method oursBits = preEncoded(bits, rows, f, batch, out);
            Method xgb = at -> {
                DMatrix m = batch == 1 ? new DMatrix(single[at], 1, f, Float.NaN) : new DMatrix(rows, batch, f, Float.NaN);
                try {
                    return booster.predict(m)[0][0];
                } finally {
                    m.dispose();
                }
            };
            Method inplace = at -> batch == 1 ? booster.inplace_predict(single[at], 1, f, Float.NaN)[0][0]
                    : booster.inplace_predict(rows, batch, f, Float.NaN)[0][0];
            Method[] methods = {ours, oursWalk, oursBits, xgb, inplace};
            double[][] perArch = new double[methods.length][rounds];
            for (int w = 0; w < 3; w++) {
                for (Method m : methods) {
                    time(m, batch); // warm-up
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < methods.length; k++) {
                    perArch[k][r] = time(methods[k], batch);
                }
            }
            double[] med = new double[methods.length];
            for (int k = 0; k < methods.length; k++) {
                Arrays.sort(perArch[k]);
                med[k] = perArch[k][rounds / 2];
            }
            System.out.printf(Locale.ROOT, "| %,d | %.3f | %.3f | %.3f | %.3f | %.3f | %.1fx | %.1fx |%n", batch, med[0],
                    med[1], med[2], med[3], med[4], med[3] / med[0], med[3] / med[2]);
        }
        booster.dispose();
    }

    private static Method preEncoded(TreeEnsemble trees, float[] rows, int f, int batch, float[] out) {
        if (batch == 1) {
            return at -> trees.predict(rows, at * f);
        }
        return at -> {
            trees.predict(rows, batch, out);
            return out[0];
        };
    }

    /** CPU microseconds per architecture of {@code m}, over calls adding up to at least 20 ms of CPU. */
    private static double time(Method m, int batch) throws XGBoostError {
        long start = MX.getCurrentThreadCpuTime();
        long calls = 0;
        double sink = 0;
        long now;
        // single predictions are read in groups: reading the CPU clock costs about as much as one of them
        int group = batch == 1 ? 1000 : 1;
        do {
            for (int i = 0; i < group; i++) {
                sink += m.run((int) (calls & (DISTINCT - 1)));
                calls++;
            }
            now = MX.getCurrentThreadCpuTime();
        } while (now - start < 20_000_000L);
        if (sink == 42.4242) {
            System.out.print("");
        }
        return (now - start) / 1e3 / calls / batch;
    }
}
