package dev.llmnas.core.spaces;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.SearchSpace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Spaces the tests share. */
final class TestSpaces {
    private TestSpaces() {
    }

    /**
     * A custom space that uses every kind of dimension: a per-layer dimension declared before its depth
     * (whose range includes 0), string, double and integer choices, and a fixed-length per-layer dimension.
     */
    static final SearchSpace MLP = SpaceBuilder.named("tiny-mlp")
            .perLayer("width", List.of(64, 128, 256), "layers", "units of each hidden layer")
            .integer("layers", 0, 4, "number of hidden layers")
            .categorical("activation", List.of("relu", "gelu", "3"), "activation function")
            .categorical("dropout", List.of(0.0, 0.1, 0.3), "dropout rate")
            .perLayerFixed("kernel", List.of(1, 3, 5), 3, "kernel size of each of the three stem convolutions")
            .metrics(List.of("units"), a -> Map.of("units",
                    (double) a.getIntList("width").stream().mapToInt(Integer::intValue).sum()))
            .build();

    static List<SearchSpace> all() {
        return List.of(HatSpaces.wmt14ende(), HatSpaces.wmt14enfr(), HatSpaces.wmt19ende(), Nb201Space.space(), MLP);
    }

    /** A HAT architecture from its parts, lists as given (not canonicalized). */
    static Architecture hat(int encEmbed, List<Integer> encFfn, List<Integer> encHeads, int decEmbed, int decLayers,
                            List<Integer> decFfn, List<Integer> decHeads, List<Integer> endeHeads, List<Integer> ende) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("encoder-embed-dim", encEmbed);
        m.put("encoder-layer-num", 6);
        m.put("encoder-ffn-embed-dim", encFfn);
        m.put("encoder-self-attention-heads", encHeads);
        m.put("decoder-embed-dim", decEmbed);
        m.put("decoder-layer-num", decLayers);
        m.put("decoder-ffn-embed-dim", decFfn);
        m.put("decoder-self-attention-heads", decHeads);
        m.put("decoder-ende-attention-heads", endeHeads);
        m.put("decoder-arbitrary-ende-attn", ende);
        return Architecture.of(m);
    }
}
