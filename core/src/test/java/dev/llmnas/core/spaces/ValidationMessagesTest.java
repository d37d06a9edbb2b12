package dev.llmnas.core.spaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.InvalidArchitectureException;
import dev.llmnas.core.SearchSpace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class ValidationMessagesTest {
    private static final SearchSpace HAT = HatSpaces.wmt14ende();
    private static final Architecture VALID = HAT.sample(new SplittableRandom(1));

    private static AbstractThrowableAssert<?, ? extends Throwable> invalid(SearchSpace space, Architecture a,
                                                                         String dimension) {
        return assertThatThrownBy(() -> space.validate(a))
                .isInstanceOf(InvalidArchitectureException.class)
                .satisfies(e -> assertThat(((InvalidArchitectureException) e).dimension()).isEqualTo(dimension));
    }

    @Test
    void a_value_outside_the_choices_is_named_with_the_allowed_values() {
        invalid(HAT, VALID.with("encoder-layer-num", 7), "encoder-layer-num")
                .hasMessage("encoder-layer-num: 7 is not one of [6]");
        invalid(HAT, VALID.with("decoder-embed-dim", 768), "decoder-embed-dim")
                .hasMessage("decoder-embed-dim: 768 is not one of [512, 640]");
        invalid(HAT, VALID.with("decoder-layer-num", 0), "decoder-layer-num")
                .hasMessage("decoder-layer-num: 0 is not one of [1, 2, 3, 4, 5, 6]");
        invalid(Nb201Space.space(), Nb201Space.all().get(0).with("edge-1-3", "conv_5x5"), "edge-1-3")
                .hasMessage("edge-1-3: conv_5x5 is not one of [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3]");
    }

    @Test
    void a_bad_layer_value_is_named_with_its_layer_index() {
        invalid(HAT, VALID.with("encoder-ffn-embed-dim", List.of(1024, 2048, 999, 1024, 1024, 1024)), "encoder-ffn-embed-dim")
                .hasMessage("encoder-ffn-embed-dim[2]: 999 is not one of [1024, 2048, 3072]");
    }

    @Test
    void a_list_of_the_wrong_length_names_the_depth_it_must_follow() {
        Architecture a = VALID.with("decoder-layer-num", 3).with("decoder-ffn-embed-dim", List.of(1024, 2048));
        invalid(HAT, a, "decoder-ffn-embed-dim")
                .hasMessageContaining("decoder-ffn-embed-dim: 2 values [1024,2048]")
                .hasMessageContaining("3 (decoder-layer-num = 3) expected");
        Architecture tooLong = VALID.with("encoder-self-attention-heads", List.of(4, 4, 4, 4, 4, 4, 4));
        invalid(HAT, tooLong, "encoder-self-attention-heads").hasMessageContaining("up to 6 allowed");
    }

    @Test
    void a_scalar_where_a_list_belongs_is_refused() {
        invalid(HAT, VALID.with("encoder-ffn-embed-dim", 1024), "encoder-ffn-embed-dim")
                .hasMessageContaining("encoder-ffn-embed-dim: 1024 is not a list")
                .hasMessageContaining("[1024, 2048, 3072]");
    }

    @Test
    void missing_and_unknown_dimensions_are_named() {
        Map<String, Object> m = new LinkedHashMap<>(VALID.values());
        m.remove("decoder-embed-dim");
        invalid(HAT, Architecture.of(m), "decoder-embed-dim").hasMessage("decoder-embed-dim: missing; allowed values are [512, 640]");
        invalid(HAT, VALID.with("dropout", 0.1), "dropout")
                .hasMessageStartingWith("dropout: unknown dimension; space hat-wmt14ende has [");
    }

    @Test
    void a_string_where_a_number_belongs_is_refused_but_an_equal_number_of_another_type_is_accepted() {
        invalid(HAT, VALID.with("decoder-embed-dim", "512"), "decoder-embed-dim")
                .hasMessage("decoder-embed-dim: 512 is not one of [512, 640]");
        Architecture asDouble = VALID.with("decoder-embed-dim", 640.0);
        assertThat(HAT.canonicalize(asDouble).get("decoder-embed-dim")).isEqualTo(640);
    }

    @Test
    void canonicalize_reorders_dimensions_and_returns_the_same_instance_when_already_canonical() {
        assertThat(HAT.canonicalize(VALID)).isSameAs(VALID);
        Map<String, Object> reversed = new LinkedHashMap<>();
        List<String> names = new java.util.ArrayList<>(VALID.names());
        java.util.Collections.reverse(names);
        names.forEach(n -> reversed.put(n, VALID.get(n)));
        Architecture c = HAT.canonicalize(Architecture.of(reversed));
        assertThat(c.key()).isEqualTo(VALID.key());
    }

    @Test
    void mutation_refuses_a_probability_outside_zero_to_one() {
        assertThatThrownBy(() -> HAT.mutate(VALID, 1.5, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("probability: 1.5 must be in [0, 1]");
        assertThatThrownBy(() -> HAT.mutate(VALID, Double.NaN, new SplittableRandom(1)))
                .hasMessage("probability: NaN must be in [0, 1]");
    }

    @Test
    void operators_refuse_invalid_parents() {
        Architecture bad = VALID.with("encoder-layer-num", 7);
        assertThatThrownBy(() -> HAT.mutate(bad, 0.3, new SplittableRandom(1))).isInstanceOf(InvalidArchitectureException.class);
        assertThatThrownBy(() -> HAT.crossover(VALID, bad, new SplittableRandom(1))).isInstanceOf(InvalidArchitectureException.class);
        assertThatThrownBy(() -> HAT.metrics(bad)).isInstanceOf(InvalidArchitectureException.class);
    }

    @Test
    void unknown_metrics_and_encodings_are_named_with_the_available_ones() {
        assertThatThrownBy(() -> HAT.metric(VALID, "latency")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric: 'latency' is not one of [params, embedding-params, flops, last-layer-flops] of space hat-wmt14ende");
        assertThatThrownBy(() -> HAT.encoding("one-hot")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("encoding: 'one-hot' is not one of [means, per-layer] of space hat-wmt14ende");
    }

    @Test
    void parse_names_the_malformed_line_or_value() {
        assertThatThrownBy(() -> HAT.parse(List.of("encoder-embed-dim 512")))
                .isInstanceOf(InvalidArchitectureException.class)
                .hasMessage("'encoder-embed-dim 512' is not a 'name: value' line");
        assertThatThrownBy(() -> HAT.parse(List.of("encoder-ffn-embed-dim: [1024, 2048")))
                .hasMessageContaining("encoder-ffn-embed-dim: '[1024, 2048' is not a closed list");
        assertThatThrownBy(() -> HAT.parse(List.of("encoder-ffn-embed-dim: [1024, x]")))
                .hasMessage("encoder-ffn-embed-dim: list element 'x' is not an integer");
        assertThatThrownBy(() -> HAT.parse(List.of("decoder-embed-dim: 512", "decoder-embed-dim-subtransformer: 640")))
                .hasMessage("decoder-embed-dim: given twice");
        assertThatThrownBy(() -> HAT.parse(List.of("decoder-layer-num: 99999999999")))
                .hasMessage("decoder-layer-num: '99999999999' is outside the int range");
    }
}
