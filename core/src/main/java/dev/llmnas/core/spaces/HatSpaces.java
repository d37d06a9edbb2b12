package dev.llmnas.core.spaces;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.SearchSpace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HAT encoder-decoder Transformer space used by the LLM-PP paper for machine translation, with
 * analytic efficiency metrics.
 *
 * <p>Dimensions: encoder embedding {512, 640}; 6 encoder layers, each with FFN {1024, 2048, 3072} and
 * {4, 8} heads; decoder embedding {512, 640}; 1..6 decoder layers, each with FFN, self-attention heads,
 * encoder-decoder attention heads, and arbitrary encoder-decoder attention {-1, 1, 2} (attend to the last
 * one, two or three encoder layers).
 *
 * <p>Metrics (source and target length 30 by default), computed as the real PyTorch models count them:
 * <ul>
 *   <li>{@code params}: parameters without embedding weights (attention Q/K/V/out projections with a fixed
 *   Q/K/V width of 512, FFN, layer norms, all with biases);</li>
 *   <li>{@code embedding-params}: vocabulary &times; decoder embedding width (embeddings are shared);</li>
 *   <li>{@code flops}: total floating point operations (2 per multiply-add) of one forward pass with batch
 *   size 1, including {@code last-layer-flops}, the output projection onto the vocabulary. Counted the way
 *   the profiler behind the recorded numbers counts: matrix products (bias additions, softmax and dropout
 *   are free), one multiply-add per output element of each layer norm and element-wise multiplication
 *   (embedding scaling, query scaling, position computation), and the few scalar multiplications of the
 *   attention reshapes.</li>
 * </ul>
 * Parameters and FLOPs reproduce the recorded counts exactly: parameters for all 90 seed architectures,
 * FLOPs for those and for all 8,500 architectures of the distillation pools.
 *
 * <p>Encodings: {@code means} (the default), the paper's 10 features, those of HAT's latency predictor (see
 * {@code HatFeatures}: per-layer means over active layers, {@code decoder-arbitrary-ende-attn} read as the
 * number of encoder layers attended, each feature divided by HAT's factors
 * {@code [640, 6, 2048, 6, 640, 6, 2048, 6, 6, 2]}); and {@code per-layer}, one feature per dimension and
 * layer slot (values divided by the largest choice, 0 for inactive layers).
 */
public final class HatSpaces {
    /** Width of the attention Q/K/V projections in every HAT sub-transformer. */
    public static final int QKV_DIM = 512;
    public static final int ENCODER_LAYERS = 6;
    public static final int MAX_DECODER_LAYERS = 6;
    /** Names of the metrics. */
    public static final String PARAMS = "params";
    public static final String EMBEDDING_PARAMS = "embedding-params";
    public static final String FLOPS = "flops";
    public static final String LAST_LAYER_FLOPS = "last-layer-flops";

    /**
     * Scalar multiplications (batch x heads) of one attention's traced shape arithmetic: the reshapes of Q,
     * K and V into heads. Tiny, but counted by the profiler behind the recorded FLOPs.
     */
    private static final long ATTENTION_SHAPE_MULS = 3;

    private static final SearchSpace WMT14ENDE = create("hat-wmt14ende", 32768, 30, 30);
    private static final SearchSpace WMT14ENFR = create("hat-wmt14enfr", 44512, 30, 30);
    private static final SearchSpace WMT19ENDE = create("hat-wmt19ende", 49600, 30, 30);

    private HatSpaces() {
    }

    /** WMT'14 English-German, vocabulary 32,768. */
    public static SearchSpace wmt14ende() {
        return WMT14ENDE;
    }

    /** WMT'14 English-French, vocabulary 44,512. */
    public static SearchSpace wmt14enfr() {
        return WMT14ENFR;
    }

    /** WMT'19 English-German, vocabulary 49,600. */
    public static SearchSpace wmt19ende() {
        return WMT19ENDE;
    }

    /** The three presets' task names. */
    public static List<String> tasks() {
        return List.of("wmt14ende", "wmt14enfr", "wmt19ende");
    }

    /**
     * A preset by task ({@code wmt14ende}) or space name ({@code hat-wmt14ende}).
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static SearchSpace forTask(String task) {
        String t = task == null ? "" : task.startsWith("hat-") ? task.substring(4) : task;
        return switch (t) {
            case "wmt14ende" -> WMT14ENDE;
            case "wmt14enfr" -> WMT14ENFR;
            case "wmt19ende" -> WMT19ENDE;
            default -> throw new IllegalArgumentException("task: '" + task + "' is not one of " + tasks());
        };
    }

    /** The HAT space for another vocabulary size and sequence lengths. */
    public static SearchSpace create(String name, int vocabulary, int sourceLength, int targetLength) {
        if (vocabulary < 1 || sourceLength < 1 || targetLength < 1) {
            throw new IllegalArgumentException("vocabulary " + vocabulary + ", sourceLength " + sourceLength
                    + ", targetLength " + targetLength + ": all must be positive");
        }
        List<Integer> ffn = List.of(1024, 2048, 3072);
        List<Integer> heads = List.of(4, 8);
        return SpaceBuilder.named(name)
                .categorical("encoder-embed-dim", List.of(512, 640),
                        "width of the encoder's token embeddings and hidden states")
                .integer("encoder-layer-num", ENCODER_LAYERS, ENCODER_LAYERS, "number of encoder layers")
                .perLayer("encoder-ffn-embed-dim", ffn, "encoder-layer-num",
                        "hidden width of the feed-forward network of each encoder layer")
                .perLayer("encoder-self-attention-heads", heads, "encoder-layer-num",
                        "number of self-attention heads of each encoder layer")
                .categorical("decoder-embed-dim", List.of(512, 640),
                        "width of the decoder's token embeddings and hidden states")
                .integer("decoder-layer-num", 1, MAX_DECODER_LAYERS, "number of decoder layers")
                .perLayer("decoder-ffn-embed-dim", ffn, "decoder-layer-num",
                        "hidden width of the feed-forward network of each decoder layer")
                .perLayer("decoder-self-attention-heads", heads, "decoder-layer-num",
                        "number of self-attention heads of each decoder layer")
                .perLayer("decoder-ende-attention-heads", heads, "decoder-layer-num",
                        "number of encoder-decoder (cross) attention heads of each decoder layer")
                .perLayer("decoder-arbitrary-ende-attn", List.of(-1, 1, 2), "decoder-layer-num",
                        "which encoder layers each decoder layer attends to: -1 the last one, 1 the last two,"
                                + " 2 the last three")
                .metrics(List.of(PARAMS, EMBEDDING_PARAMS, FLOPS, LAST_LAYER_FLOPS),
                        a -> metrics(a, vocabulary, sourceLength, targetLength))
                // every count grows with widths, depth and the encoder layers attended (heads do not change it)
                .monotone(PARAMS, EMBEDDING_PARAMS, FLOPS, LAST_LAYER_FLOPS)
                .nameNormalizer(HatSpaces::normalizeName)
                .encoding(space -> new HatFeatures())
                .encoding(SpaceBuilder.perLayerEncoding())
                .build();
    }

    /** Maps the paper's names ({@code encoder-ffn-embed-dim-all-subtransformer}) onto ours. */
    static String normalizeName(String name) {
        String n = name.trim();
        if (n.endsWith("-subtransformer")) {
            n = n.substring(0, n.length() - "-subtransformer".length());
        }
        if (n.endsWith("-all")) {
            n = n.substring(0, n.length() - "-all".length());
        }
        return n;
    }

    private static Map<String, Double> metrics(Architecture a, int vocabulary, int src, int tgt) {
        long e = a.getInt("encoder-embed-dim");
        long d = a.getInt("decoder-embed-dim");
        List<Integer> encFfn = a.getIntList("encoder-ffn-embed-dim");
        List<Integer> decFfn = a.getIntList("decoder-ffn-embed-dim");
        List<Integer> ende = a.getIntList("decoder-arbitrary-ende-attn");
        long q = QKV_DIM;
        long params = 0;
        long macs = 0;
        // The recorded FLOPs are 2 x the multiply-adds a tracing profiler counted on the real model (batch 1):
        // matrix products, plus one per output element of every element-wise multiplication and layer norm,
        // plus the scalar multiplications of the traced shape arithmetic. Each term below is one of those.
        macs += src * e + tgt * d;                 // token embeddings scaled by sqrt(width)
        macs += src + tgt;                         // positions: the padding mask times its running count
        for (int f : encFfn) {
            // self-attention: fused Q/K/V in-projection and out-projection; FFN; two layer norms
            params += e * 3 * q + 3 * q + q * e + e + e * f + f + f * e + e + 4 * e;
            macs += src * (e * 3 * q + q * e + 2 * e * f) + 2L * src * src * q;
            macs += src * q + ATTENTION_SHAPE_MULS;   // queries scaled by 1/sqrt(head width); head reshapes
            macs += 2 * src * e;                      // two layer norms
        }
        for (int l = 0; l < decFfn.size(); l++) {
            long f = decFfn.get(l);
            long attended = ende.get(l) == -1 ? 1 : ende.get(l) + 1;
            long memory = src * attended;
            params += d * 3 * q + 3 * q + q * d + d;                  // self-attention
            params += d * q + q + 2 * (e * q + q) + q * d + d;        // encoder-decoder attention
            params += d * f + f + f * d + d + 6 * d;                  // FFN and three layer norms
            macs += tgt * (d * 3 * q + q * d + 2 * d * f) + 2L * tgt * tgt * q;
            macs += tgt * d * q + 2 * memory * e * q + tgt * q * d + 2 * tgt * memory * q;
            macs += 2 * (tgt * q + ATTENTION_SHAPE_MULS);             // both attentions: query scaling, reshapes
            macs += 3 * tgt * d;                                      // three layer norms
        }
        double lastLayer = 2.0 * tgt * d * vocabulary;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(PARAMS, (double) params);
        m.put(EMBEDDING_PARAMS, (double) vocabulary * d);
        m.put(FLOPS, 2.0 * macs + lastLayer);
        m.put(LAST_LAYER_FLOPS, lastLayer);
        return m;
    }
}
