package dev.llmnas.core.spaces;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.FeatureEncoding;
import java.util.List;
import java.util.Map;

/**
 * The paper's 10 features of a HAT architecture (those of HAT's latency predictor, which the LLM-PP paper
 * reuses for its distilled predictor): encoder embedding width, encoder layers, mean encoder FFN width, mean
 * encoder heads, decoder embedding width, decoder layers, mean decoder FFN width, mean decoder self heads,
 * mean decoder cross heads, and the mean number of encoder layers each decoder layer attends to
 * ({@code decoder-arbitrary-ende-attn} -1, 1, 2 read as 1, 2, 3 layers). Means run over active layers only.
 * Each feature is divided by HAT's normalising factor, {@link #NORM}.
 */
final class HatFeatures implements FeatureEncoding {
    /** HAT's normalising factors, one per feature, in feature order. */
    static final double[] NORM = {640, 6, 2048, 6, 640, 6, 2048, 6, 6, 2};

    private static final List<String> NAMES = List.of(
            "encoder-embed-dim", "encoder-layer-num", "mean(encoder-ffn-embed-dim)",
            "mean(encoder-self-attention-heads)", "decoder-embed-dim", "decoder-layer-num",
            "mean(decoder-ffn-embed-dim)", "mean(decoder-self-attention-heads)",
            "mean(decoder-ende-attention-heads)", "mean(decoder-arbitrary-ende-attn)");

    @Override
    public String name() {
        return "means";
    }

    @Override
    public List<String> featureNames() {
        return NAMES;
    }

    @Override
    public void encode(Architecture a, double[] out, int offset) {
        Map<String, Object> v = a.values();
        int encoderLayers = number(v, "encoder-layer-num");
        int decoderLayers = number(v, "decoder-layer-num");
        out[offset] = number(v, "encoder-embed-dim");
        out[offset + 1] = encoderLayers;
        out[offset + 2] = mean(v, "encoder-ffn-embed-dim", encoderLayers, false);
        out[offset + 3] = mean(v, "encoder-self-attention-heads", encoderLayers, false);
        out[offset + 4] = number(v, "decoder-embed-dim");
        out[offset + 5] = decoderLayers;
        out[offset + 6] = mean(v, "decoder-ffn-embed-dim", decoderLayers, false);
        out[offset + 7] = mean(v, "decoder-self-attention-heads", decoderLayers, false);
        out[offset + 8] = mean(v, "decoder-ende-attention-heads", decoderLayers, false);
        out[offset + 9] = mean(v, "decoder-arbitrary-ende-attn", decoderLayers, true);
        for (int i = 0; i < NORM.length; i++) {
            out[offset + i] /= NORM[i];
        }
    }

    private static int number(Map<String, Object> values, String name) {
        if (values.get(name) instanceof Number n) {
            return n.intValue();
        }
        throw new IllegalArgumentException(name + ": " + Architecture.render(values.get(name))
                + " is not a number; the HAT features need it");
    }

    private static double mean(Map<String, Object> values, String name, int depth, boolean layersAttended) {
        if (!(values.get(name) instanceof List<?> layers)) {
            throw new IllegalArgumentException(name + ": " + Architecture.render(values.get(name))
                    + " is not a list; the HAT features need it");
        }
        int n = Math.min(depth, layers.size());
        if (n <= 0) {
            return 0;
        }
        double sum = 0;
        for (int l = 0; l < n; l++) {
            int x = ((Number) layers.get(l)).intValue();
            // -1 attends to the last encoder layer, k > 0 to the last k + 1
            sum += layersAttended ? (x == -1 ? 1 : x + 1) : x;
        }
        return sum / n;
    }
}
