package dev.llmnas.predictors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.core.spaces.Nb201Space;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FeaturizerTest {

    static Stream<Arguments> encodings() {
        return Stream.of(Arguments.of(HatSpaces.wmt14ende(), "means"), Arguments.of(HatSpaces.wmt14ende(), "per-layer"),
                Arguments.of(HatSpaces.wmt19ende(), "means"), Arguments.of(Nb201Space.space(), "means"),
                Arguments.of(Nb201Space.space(), "per-layer"));
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void features_equal_the_core_encoding_bit_for_bit(SearchSpace space, String name) {
        FeatureEncoding core = space.encoding(name);
        Featurizer featurizer = new Featurizer(space, core);
        double[] ours = new double[core.size()];
        for (Architecture a : Fixtures.sample(space, 3000, 3)) {
            featurizer.encode(a, ours, 0, "test");
            assertThat(ours).containsExactly(core.encode(a));
        }
    }

    @Test
    void the_generic_encodings_of_nb201_and_hat_per_layer_write_the_spaces_own_features() {
        SearchSpace hat = HatSpaces.wmt14ende();
        FeatureEncoding perLayer = hat.encoding("per-layer");
        Featurizer featurizer = new Featurizer(hat, perLayer);
        // a non-canonical architecture (a surplus layer) gets the space's features of its canonical form
        Architecture a = Fixtures.sample(hat, 1, 6).get(0);
        Map<String, Object> longer = new LinkedHashMap<>(a.values());
        List<Integer> heads = new ArrayList<>(a.getIntList("decoder-self-attention-heads"));
        heads.add(4);
        longer.put("decoder-self-attention-heads", heads);
        double[] ours = new double[perLayer.size()];
        featurizer.encode(Architecture.of(longer), ours, 0, "test");
        assertThat(ours).containsExactly(perLayer.encode(hat.canonicalize(Architecture.of(longer))));

        SearchSpace nb201 = Nb201Space.space();
        Featurizer nb = new Featurizer(nb201, nb201.encoding());
        double[] row = new double[nb201.encoding().size()];
        for (Architecture b : Fixtures.sample(nb201, 200, 7)) {
            nb.encode(b, row, 0, "test");
            assertThat(row).containsExactly(nb201.encode(b));
        }
    }

    @Test
    void the_fingerprint_tells_encodings_apart_and_repeats_for_the_same_one() {
        SearchSpace hat = HatSpaces.wmt14ende();
        String means = new Featurizer(hat, hat.encoding("means")).fingerprint();
        assertThat(means).hasSize(16).isEqualTo(new Featurizer(hat, hat.encoding("means")).fingerprint());
        assertThat(new Featurizer(hat, hat.encoding("per-layer")).fingerprint()).isNotEqualTo(means);
        assertThat(new Featurizer(Nb201Space.space(), Nb201Space.space().encoding()).fingerprint())
                .isNotNull().isNotEqualTo(means);
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void sampled_architectures_are_recognised_as_canonical_and_altered_ones_are_not(SearchSpace space, String name) {
        Featurizer featurizer = new Featurizer(space, space.encoding(name));
        for (Architecture a : Fixtures.sample(space, 500, 4)) {
            assertThat(featurizer.isCanonical(a)).isTrue();
            assertThat(space.canonicalize(a)).isSameAs(a);
            Map<String, Object> extra = new LinkedHashMap<>(a.values());
            extra.put("unknown-dimension", 1);
            assertThat(featurizer.isCanonical(Architecture.of(extra))).isFalse();
            Map<String, Object> missing = new LinkedHashMap<>(a.values());
            missing.remove(missing.keySet().iterator().next());
            assertThat(featurizer.isCanonical(Architecture.of(missing))).isFalse();
        }
        if (space.dimension("decoder-layer-num").isPresent()) {
            Architecture a = Fixtures.sample(space, 1, 5).get(0);
            Map<String, Object> longer = new LinkedHashMap<>(a.values());
            List<Integer> heads = new ArrayList<>(a.getIntList("decoder-self-attention-heads"));
            heads.add(4);
            longer.put("decoder-self-attention-heads", heads);
            assertThat(featurizer.isCanonical(Architecture.of(longer))).isFalse();
        }
    }
}
