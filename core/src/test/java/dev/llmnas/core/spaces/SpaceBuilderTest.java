package dev.llmnas.core.spaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Dimension;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.SearchSpace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpaceBuilderTest {
    private static final SearchSpace MLP = TestSpaces.MLP;

    @Test
    void a_custom_space_gets_dimensions_with_resolved_depths_and_lengths() {
        Dimension width = MLP.dimension("width").orElseThrow();
        assertThat(width.kind()).isEqualTo(Dimension.Kind.PER_LAYER);
        assertThat(width.depth()).isEqualTo("layers");
        assertThat(width.maxLength()).isEqualTo(4);
        assertThat(MLP.dimension("kernel").orElseThrow().maxLength()).isEqualTo(3);
        assertThat(MLP.dimension("layers").orElseThrow().choices()).containsExactly(0, 1, 2, 3, 4);
        assertThat(MLP.dimension("nope")).isEmpty();
        assertThat(MLP.name()).isEqualTo("tiny-mlp");
        assertThat(MLP.toString()).contains("tiny-mlp");
    }

    @Test
    void a_depth_of_zero_gives_an_empty_per_layer_list() {
        Architecture a = MLP.parse(List.of("layers: 0", "width: []", "activation: relu", "dropout: 0.1", "kernel: [1, 3, 5]"));
        assertThat(a.getIntList("width")).isEmpty();
        assertThat(MLP.metric(a, "units")).isZero();
        assertThat(MLP.encode(a)[0]).as("mean of no layers").isZero();
        assertThat(MLP.parse(MLP.describe(a))).isEqualTo(a);
    }

    @Test
    void the_generic_means_encoding_scales_numbers_by_the_largest_choice_and_one_hot_encodes_strings() {
        Architecture a = MLP.parse(List.of("width: [64, 256]", "layers: 2", "activation: gelu", "dropout: 0.1",
                "kernel: [1, 3, 5]"));
        FeatureEncoding means = MLP.encoding();
        assertThat(means.featureNames()).containsExactly("mean(width)", "layers", "activation=relu",
                "activation=gelu", "activation=3", "dropout", "mean(kernel)");
        assertThat(means.encode(a)).containsExactly(new double[] {160.0 / 256, 0.5, 0, 1, 0, 0.1 / 0.3, 3.0 / 5}, within(1e-12));
    }

    @Test
    void a_string_choice_that_looks_like_a_number_survives_describe_and_parse() {
        Architecture a = MLP.parse(List.of("width: [64]", "layers: 1", "activation: 3", "dropout: 0.0", "kernel: [1, 1, 1]"));
        assertThat(a.get("activation")).isEqualTo("3");
        assertThat(MLP.parse(MLP.describe(a))).isEqualTo(a);
        assertThat(MLP.parse(List.of("width: [64]", "layers: 1", "activation: 'gelu'", "dropout: 0", "kernel: [1, 1, 1]"))
                .get("activation")).isEqualTo("gelu");
    }

    @Test
    void an_encoding_refuses_a_string_value_that_is_not_a_choice() {
        Architecture a = MLP.sample(new java.util.SplittableRandom(1)).with("activation", "tanh");
        assertThatThrownBy(() -> MLP.encode(a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("activation: tanh is not one of [relu, gelu, 3]");
    }

    @Test
    void custom_metrics_receive_the_canonical_architecture() {
        Architecture padded = MLP.parse(List.of("width: [64, 128]", "layers: 1", "activation: relu", "dropout: 0.0",
                "kernel: [1, 3, 5]"));
        assertThat(padded.getIntList("width")).containsExactly(64);
        Architecture raw = padded.with("width", List.of(64, 128, 256));
        assertThat(MLP.metrics(raw)).isEqualTo(Map.of("units", 64.0));
    }

    @Test
    void bad_declarations_are_refused_naming_the_dimension() {
        assertThatThrownBy(() -> SpaceBuilder.named(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("space name");
        assertThatThrownBy(() -> SpaceBuilder.named("s").integer("n", 3, 1, "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("n: min 3 is greater than max 1");
        assertThatThrownBy(() -> SpaceBuilder.named("s").categorical("c", List.of(), "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("c: choices must not be empty");
        assertThatThrownBy(() -> SpaceBuilder.named("s").categorical("c", List.of(1, 1), "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("c: choices [1, 1] contain duplicates");
        assertThatThrownBy(() -> SpaceBuilder.named("s").categorical("c", List.of(true), "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c: choice true is not allowed");
        assertThatThrownBy(() -> SpaceBuilder.named("s").perLayerFixed("w", List.of(1), 0, "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("w: maxLength 0 must be at least 1");
        assertThatThrownBy(() -> SpaceBuilder.named("s").integer("n", 1, 2, "d").integer("n", 1, 2, "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("n: declared twice");
    }

    @Test
    void conflicting_declarations_are_refused_when_the_space_is_built() {
        assertThatThrownBy(() -> SpaceBuilder.named("s").build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("space s: no dimensions declared");
        assertThatThrownBy(() -> SpaceBuilder.named("s").perLayer("w", List.of(1), "depth", "d").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("w: depth dimension 'depth'");
        assertThatThrownBy(() -> SpaceBuilder.named("s").categorical("depth", List.of("a"), "d")
                .perLayer("w", List.of(1), "depth", "d").build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SpaceBuilder.named("s").integer("depth", -1, 2, "d")
                .perLayer("w", List.of(1), "depth", "d").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("non-negative");
        assertThatThrownBy(() -> SpaceBuilder.named("s").integer("n", 1, 2, "d")
                .metrics(List.of("a", "a"), a -> Map.of()).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("metric names [a, a]");
    }

    @Test
    void a_metric_function_that_misses_a_declared_metric_is_reported() {
        SearchSpace s = SpaceBuilder.named("s").integer("n", 1, 2, "d")
                .metrics(List.of("cost", "size"), a -> Map.of("cost", 1.0)).build();
        Architecture a = s.sample(new java.util.SplittableRandom(1));
        assertThatThrownBy(() -> s.metrics(a)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("space s: the metrics function returned [cost] but declares [cost, size]");
    }

    @Test
    void a_space_with_its_own_encoding_offers_it_first() {
        FeatureEncoding constant = new FeatureEncoding() {
            @Override
            public String name() {
                return "constant";
            }

            @Override
            public List<String> featureNames() {
                return List.of("one");
            }

            @Override
            public void encode(Architecture architecture, double[] out, int offset) {
                out[offset] = 1;
            }
        };
        SearchSpace s = SpaceBuilder.named("s").integer("n", 1, 2, "d").encoding(space -> constant).build();
        assertThat(s.encoding()).isSameAs(constant);
        assertThat(s.encodings()).containsExactly(constant);
        assertThat(s.metricNames()).isEmpty();
        assertThat(s.metrics(s.sample(new java.util.SplittableRandom(1)))).isEmpty();
    }

    @Test
    void the_generic_encodings_can_be_offered_next_to_a_custom_one() {
        FeatureEncoding custom = SpaceBuilder.meansEncoding().apply(MLP);
        SearchSpace s = SpaceBuilder.named("s").integer("n", 1, 2, "d").perLayer("w", List.of(1, 2), "n", "d")
                .encoding(SpaceBuilder.perLayerEncoding()).encoding(SpaceBuilder.meansEncoding()).build();
        assertThat(s.encodings()).extracting(FeatureEncoding::name).containsExactly("per-layer", "means");
        assertThat(s.encoding().featureNames()).containsExactly("n", "w[0]", "w[1]");
        assertThat(custom.featureNames()).isEqualTo(MLP.encoding().featureNames());
        assertThatThrownBy(() -> SpaceBuilder.named("s").integer("n", 1, 2, "d")
                .encoding(SpaceBuilder.meansEncoding()).encoding(SpaceBuilder.meansEncoding()).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("space s: encodings [means, means] share a name");
    }

    @Test
    void null_choices_are_refused_naming_the_dimension() {
        assertThatThrownBy(() -> SpaceBuilder.named("s").categorical("c", null, "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("c: choices must not be empty");
        assertThatThrownBy(() -> SpaceBuilder.named("s").metrics(List.of(" "), a -> Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("metric name: ' ' must not be blank");
    }
}
