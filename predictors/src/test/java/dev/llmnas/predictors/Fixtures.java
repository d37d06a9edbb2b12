package dev.llmnas.predictors;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.HatSpaces;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/** Synthetic teachers and XGBoost4J reference predictions shared by the tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** {@code count} architectures sampled from {@code space} with a fixed seed. */
    static List<Architecture> sample(SearchSpace space, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Architecture> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(space.sample(random));
        }
        return out;
    }

    /**
     * A deterministic, BLEU-like function of a HAT architecture: grows with log parameters, with an
     * interaction between decoder depth and cross-attention, so trees have something non-linear to learn.
     */
    static double syntheticBleu(Architecture a) {
        SearchSpace space = HatSpaces.wmt14ende();
        double params = space.metric(a, HatSpaces.PARAMS);
        int decoderLayers = a.getInt("decoder-layer-num");
        double ende = a.getIntList("decoder-arbitrary-ende-attn").stream().mapToInt(Integer::intValue).average().orElse(0);
        return 20 + 2.5 * Math.log(params / 1e7) + 0.3 * decoderLayers * (1 + ende) - 0.05 * decoderLayers * decoderLayers;
    }

    /** A teacher that scores HAT architectures with {@link #syntheticBleu}. */
    static PerformancePredictor syntheticTeacher() {
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
            public double predict(Architecture architecture) {
                return syntheticBleu(architecture);
            }
        };
    }

    /** Encodes architectures row-major as float32, as XGBoost sees them. */
    static float[] encodeFloat(FeatureEncoding encoding, List<Architecture> architectures) {
        int f = encoding.size();
        float[] out = new float[architectures.size() * f];
        double[] row = new double[f];
        for (int i = 0; i < architectures.size(); i++) {
            encoding.encode(architectures.get(i), row, 0);
            for (int j = 0; j < f; j++) {
                out[i * f + j] = (float) row[j];
            }
        }
        return out;
    }

    /** XGBoost4J's own predictions of a JSON model on row-major float rows. */
    static float[] xgboostPredict(byte[] modelJson, float[] rows, int count, int features) throws Exception {
        Booster booster = XGBoost.loadModel(modelJson);
        DMatrix matrix = new DMatrix(rows, count, features, Float.NaN);
        try {
            float[][] p = booster.predict(matrix);
            float[] out = new float[count];
            for (int i = 0; i < count; i++) {
                out[i] = p[i][0];
            }
            return out;
        } finally {
            matrix.dispose();
            booster.dispose();
        }
    }
}
