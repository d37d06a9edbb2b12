package dev.llmnas.predictors.latency;

import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.data.HatLatencyData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * HAT's latency predictor protocol on one measured set and one shuffle: the rows shuffled with a seed, 80%
 * train, 10% validation, 10% test; each model is fitted on the train part, tuned (where it has a choice) on
 * the validation part, and scored on the test part. Stateless; each call is deterministic given its seed.
 */
public final class LatencyEvaluation {

    /** The models compared. */
    public enum Model {
        /**
         * {@link LatencyPredictor}'s model: a linear model on work-like products, chosen on the validation rows
         * among ridge penalties and a Huber fit rescaled to the training mean.
         */
        PRODUCTS_RIDGE("products-ridge"),
        /** The same products, ridge regression only (penalty chosen on validation): the model before the Huber fit. */
        PRODUCTS_RIDGE_ONLY("products-ridge-only"),
        /** Ordinary least squares on HAT's 10 features. */
        LINEAR("linear-10"),
        /**
         * XGBoost trees (depth 4, eta 0.05, at most 2,000 rounds, the round count chosen on the validation rows)
         * on HAT's 10 features and the 18 products.
         */
        XGBOOST("xgboost"),
        /** HAT's own MLP, {@link HatMlp}. */
        HAT_MLP("hat-mlp");

        private final String id;

        Model(String id) {
            this.id = id;
        }

        /** Short name used in reports, e.g. {@code products-ridge}. */
        public String id() {
            return id;
        }

        /**
         * Parses an id.
         *
         * @throws IllegalArgumentException naming the value and the allowed ones
         */
        public static Model of(String id) {
            for (Model m : values()) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("model: '" + id + "' is not one of "
                    + java.util.Arrays.stream(values()).map(Model::id).toList());
        }
    }

    /**
     * One model's errors on one shuffle.
     *
     * @param model       the model
     * @param seed        the shuffle's seed
     * @param validRmseMs RMSE on the validation rows, ms
     * @param testRmseMs  RMSE on the test rows, ms
     * @param testMapd    mean absolute percentage deviation on the test rows, a fraction
     * @param testMdapd   median absolute percentage deviation on the test rows, a fraction: the error of a
     *                    typical architecture, insensitive to the few rows measured far off
     * @param seconds     wall time of fitting and scoring
     */
    public record Score(Model model, long seed, double validRmseMs, double testRmseMs, double testMapd,
                        double testMdapd, double seconds) {
        public Score {
            Objects.requireNonNull(model, "model");
        }
    }

    private static final int XGB_MAX_ROUNDS = 2_000;
    private static final int XGB_PATIENCE = 100;

    private LatencyEvaluation() {
    }

    /**
     * Fits and scores one model on one shuffle of {@code data}; {@link HatMlp} with its default depth.
     *
     * @param hatMlpSteps training steps of {@link HatMlp} (HAT's: {@value HatMlp#STEPS}); ignored by other models
     */
    public static Score evaluate(HatLatencyData data, long seed, Model model, int hatMlpSteps) {
        return evaluate(data, seed, model, hatMlpSteps, HatMlp.HIDDEN_LAYERS);
    }

    /**
     * Fits and scores one model on one shuffle of {@code data}.
     *
     * @param hatMlpSteps        training steps of {@link HatMlp}; ignored by other models
     * @param hatMlpHiddenLayers hidden layers of {@link HatMlp} (3: the protocol; 4: HAT's code)
     */
    public static Score evaluate(HatLatencyData data, long seed, Model model, int hatMlpSteps,
                                 int hatMlpHiddenLayers) {
        HatLatencyData.Split split = data.split(seed);
        long started = System.nanoTime();
        double[] valid;
        double[] test;
        switch (model) {
            case PRODUCTS_RIDGE, PRODUCTS_RIDGE_ONLY -> {
                LatencyPredictor.Fitted f = LatencyPredictor.fit(split.train(), split.valid(),
                        model == Model.PRODUCTS_RIDGE_ONLY);
                valid = LatencyPredictor.errors(f.model(), split.valid());
                test = LatencyPredictor.errors(f.model(), split.test());
            }
            case LINEAR -> {
                LinearModel m = LinearModel.fit(HatLatencyData.FEATURE_COLUMNS, raw(split.train()),
                        totals(split.train()), 0);
                valid = errors(split.valid(), r -> m.predict(r.features()));
                test = errors(split.test(), r -> m.predict(r.features()));
            }
            case HAT_MLP -> {
                HatMlp mlp = HatMlp.train(raw(split.train()), totals(split.train()), seed, hatMlpSteps,
                        hatMlpHiddenLayers);
                valid = errors(split.valid(), r -> mlp.predict(r.features()));
                test = errors(split.test(), r -> mlp.predict(r.features()));
            }
            case XGBOOST -> {
                double[][] vt = xgboost(split, seed);
                valid = vt[0];
                test = vt[1];
            }
            default -> throw new IllegalStateException("unknown model " + model);
        }
        return new Score(model, seed, valid[0], test[0], test[1], test[2], (System.nanoTime() - started) / 1e9);
    }

    private static double[][] raw(List<HatLatencyData.Row> rows) {
        return rows.stream().map(HatLatencyData.Row::features).toArray(double[][]::new);
    }

    private static double[] totals(List<HatLatencyData.Row> rows) {
        return rows.stream().mapToDouble(HatLatencyData.Row::totalMs).toArray();
    }

    /** {RMSE ms, MAPD fraction, median APE fraction}. */
    static double[] errors(List<HatLatencyData.Row> rows, java.util.function.ToDoubleFunction<HatLatencyData.Row> f) {
        double se = 0;
        double[] ape = new double[rows.size()];
        double sum = 0;
        for (int i = 0; i < ape.length; i++) {
            HatLatencyData.Row r = rows.get(i);
            double e = f.applyAsDouble(r) - r.totalMs();
            se += e * e;
            ape[i] = Math.abs(e) / r.totalMs();
            sum += ape[i];
        }
        int n = ape.length;
        double median = new org.apache.commons.math3.stat.descriptive.rank.Median().evaluate(ape); // NaN when empty
        return new double[] {Math.sqrt(se / n), sum / n, median};
    }

    /**
     * Where the rows measured much slower than the architecture explains sit in the file: the products model
     * is fitted by least squares on all rows, and the rows whose measured total exceeds the fit by more than
     * {@code threshold} (a fraction) are counted per {@code block} consecutive rows of the file. Clustered
     * counts mean the measuring machine ran slower for a stretch of time, which no architecture-based
     * predictor can foresee.
     */
    public static int[] slowRowsPerBlock(HatLatencyData data, double threshold, int block) {
        if (block < 1) {
            throw new IllegalArgumentException("block: " + block + " must be at least 1");
        }
        List<HatLatencyData.Row> rows = data.rows();
        LinearModel m = LinearModel.fit(LatencyFeatures.PRODUCT_NAMES, LatencyPredictor.products(rows),
                rows.stream().mapToDouble(HatLatencyData.Row::totalMs).toArray(), 0);
        int[] counts = new int[(rows.size() + block - 1) / block];
        for (int i = 0; i < rows.size(); i++) {
            double predicted = m.predict(LatencyFeatures.products(rows.get(i).features()));
            if ((rows.get(i).totalMs() - predicted) / predicted > threshold) {
                counts[i / block]++;
            }
        }
        return counts;
    }

    /** 10 raw features and the 18 products, as float32 rows. */
    private static float[] xgbRows(List<HatLatencyData.Row> rows) {
        int p = HatLatencyData.FEATURE_COLUMNS.size() + LatencyFeatures.PRODUCT_NAMES.size();
        float[] out = new float[rows.size() * p];
        int k = 0;
        for (HatLatencyData.Row r : rows) {
            for (double v : r.features()) {
                out[k++] = (float) v;
            }
            for (double v : LatencyFeatures.products(r.features())) {
                out[k++] = (float) v;
            }
        }
        return out;
    }

    /** {{valid RMSE, valid MAPD}, {test RMSE, test MAPD}} at the round with the best validation RMSE. */
    private static double[][] xgboost(HatLatencyData.Split split, long seed) {
        int p = HatLatencyData.FEATURE_COLUMNS.size() + LatencyFeatures.PRODUCT_NAMES.size();
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "reg:squarederror");
        params.put("tree_method", "hist");
        params.put("max_depth", 4);
        params.put("eta", 0.05);
        params.put("seed", seed);
        params.put("nthread", 1);
        params.put("verbosity", 0);
        List<DMatrix> mats = new ArrayList<>();
        Booster booster = null;
        try {
            DMatrix train = new DMatrix(xgbRows(split.train()), split.train().size(), p, Float.NaN);
            mats.add(train);
            float[] y = new float[split.train().size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) split.train().get(i).totalMs();
            }
            train.setLabel(y);
            DMatrix valid = new DMatrix(xgbRows(split.valid()), split.valid().size(), p, Float.NaN);
            mats.add(valid);
            DMatrix test = new DMatrix(xgbRows(split.test()), split.test().size(), p, Float.NaN);
            mats.add(test);
            booster = XGBoost.train(train, params, 0, Map.of(), null, null);
            double[][] best = null;
            double bestValid = Double.POSITIVE_INFINITY;
            int bestRound = -1;
            for (int round = 0; round < XGB_MAX_ROUNDS && round - bestRound <= XGB_PATIENCE; round++) {
                booster.update(train, round);
                float[][] pv = booster.predict(valid);
                double[] v = errors(split.valid(), rowIndex(split.valid(), pv));
                if (v[0] < bestValid) {
                    bestValid = v[0];
                    bestRound = round;
                    float[][] pt = booster.predict(test);
                    best = new double[][] {v, errors(split.test(), rowIndex(split.test(), pt))};
                }
            }
            return best;
        } catch (XGBoostError e) {
            throw new LlmnasException("XGBoost failed on the latency data: " + e.getMessage(), e);
        } finally {
            if (booster != null) {
                booster.dispose();
            }
            mats.forEach(DMatrix::dispose);
        }
    }

    private static java.util.function.ToDoubleFunction<HatLatencyData.Row> rowIndex(List<HatLatencyData.Row> rows,
                                                                                    float[][] predicted) {
        Map<HatLatencyData.Row, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            index.put(rows.get(i), i);
        }
        return r -> predicted[index.get(r)][0];
    }
}
