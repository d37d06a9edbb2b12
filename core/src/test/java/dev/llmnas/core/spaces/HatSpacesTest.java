package dev.llmnas.core.spaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.SearchSpace;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HatSpacesTest {
    private static final SearchSpace HAT = HatSpaces.wmt14ende();

    /** Two decoder layers; the lists carry values for six, the last four of which must not matter. */
    private static final Architecture PADDED = TestSpaces.hat(640,
            List.of(1024, 2048, 3072, 1024, 2048, 3072), List.of(4, 8, 4, 8, 4, 8),
            512, 2,
            List.of(1024, 3072, 3072, 3072, 3072, 3072), List.of(4, 8, 8, 8, 8, 8),
            List.of(8, 8, 4, 4, 4, 4), List.of(-1, 2, 1, 1, 1, 1));

    private static final Architecture SHORT = TestSpaces.hat(640,
            List.of(1024, 2048, 3072, 1024, 2048, 3072), List.of(4, 8, 4, 8, 4, 8),
            512, 2, List.of(1024, 3072), List.of(4, 8), List.of(8, 8), List.of(-1, 2));

    @Test
    void the_presets_differ_only_in_name_and_vocabulary() {
        assertThat(HatSpaces.forTask("wmt14ende")).isSameAs(HatSpaces.wmt14ende());
        assertThat(HatSpaces.forTask("hat-wmt14enfr")).isSameAs(HatSpaces.wmt14enfr());
        assertThat(HatSpaces.forTask("wmt19ende").name()).isEqualTo("hat-wmt19ende");
        assertThat(HatSpaces.wmt14enfr().dimensions()).isEqualTo(HatSpaces.wmt14ende().dimensions());
        assertThat(HAT.metric(SHORT, HatSpaces.EMBEDDING_PARAMS)).isEqualTo(32768.0 * 512);
        assertThat(HatSpaces.wmt14enfr().metric(SHORT, HatSpaces.EMBEDDING_PARAMS)).isEqualTo(44512.0 * 512);
        assertThat(HatSpaces.wmt19ende().metric(SHORT, HatSpaces.EMBEDDING_PARAMS)).isEqualTo(49600.0 * 512);
        assertThat(HatSpaces.tasks()).containsExactly("wmt14ende", "wmt14enfr", "wmt19ende");
    }

    @Test
    void an_unknown_task_is_refused_listing_the_presets() {
        assertThatThrownBy(() -> HatSpaces.forTask("wmt16roen")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task: 'wmt16roen' is not one of [wmt14ende, wmt14enfr, wmt19ende]");
        assertThatThrownBy(() -> HatSpaces.create("x", 0, 30, 30)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vocabulary 0");
    }

    @Test
    void the_space_has_the_papers_ten_dimensions_and_choices() {
        assertThat(HAT.dimensions()).extracting(d -> d.name()).containsExactly(
                "encoder-embed-dim", "encoder-layer-num", "encoder-ffn-embed-dim", "encoder-self-attention-heads",
                "decoder-embed-dim", "decoder-layer-num", "decoder-ffn-embed-dim", "decoder-self-attention-heads",
                "decoder-ende-attention-heads", "decoder-arbitrary-ende-attn");
        assertThat(HAT.dimension("decoder-arbitrary-ende-attn").orElseThrow().choices()).containsExactly(-1, 1, 2);
        assertThat(HAT.dimension("decoder-ffn-embed-dim").orElseThrow().maxLength()).isEqualTo(6);
        assertThat(HAT.dimension("decoder-ffn-embed-dim").orElseThrow().depth()).isEqualTo("decoder-layer-num");
    }

    @Test
    void per_layer_values_beyond_the_active_depth_are_ignored_for_identity_features_and_metrics() {
        assertThat(HAT.canonicalize(PADDED)).isEqualTo(SHORT);
        assertThat(HAT.canonicalize(PADDED).key()).isEqualTo(SHORT.key());
        for (FeatureEncoding e : HAT.encodings()) {
            assertThat(e.encode(PADDED)).as(e.name()).isEqualTo(e.encode(SHORT));
        }
        assertThat(HAT.metrics(PADDED)).isEqualTo(HAT.metrics(SHORT));
        assertThat(HAT.describe(PADDED)).isEqualTo(HAT.describe(SHORT));
        Architecture otherPadding = PADDED.with("decoder-ffn-embed-dim", List.of(1024, 3072, 1024, 1024, 2048, 1024));
        assertThat(HAT.canonicalize(otherPadding)).isEqualTo(HAT.canonicalize(PADDED));
    }

    @Test
    void the_means_encoding_is_the_papers_ten_normalised_features() {
        FeatureEncoding means = HAT.encoding();
        assertThat(means.name()).isEqualTo("means");
        assertThat(means.featureNames()).containsExactly("encoder-embed-dim", "encoder-layer-num",
                "mean(encoder-ffn-embed-dim)", "mean(encoder-self-attention-heads)", "decoder-embed-dim",
                "decoder-layer-num", "mean(decoder-ffn-embed-dim)", "mean(decoder-self-attention-heads)",
                "mean(decoder-ende-attention-heads)", "mean(decoder-arbitrary-ende-attn)");
        // by hand: 640/640, 6/6, mean 2048/2048, mean 6/6, 512/640, 2/6, mean 2048/2048, mean 6/6, mean 8/6,
        // arbitrary [-1, 2] attends to [1, 3] encoder layers: mean 2, /2
        assertThat(means.encode(SHORT)).containsExactly(
                new double[] {1, 1, 1, 1, 0.8, 2.0 / 6, 1, 1, 8.0 / 6, 1}, within(1e-12));
        Architecture smallest = TestSpaces.hat(512, List.of(1024, 1024, 1024, 1024, 1024, 1024), List.of(4, 4, 4, 4, 4, 4),
                512, 1, List.of(1024), List.of(4), List.of(4), List.of(-1));
        assertThat(means.encode(smallest)).containsExactly(
                new double[] {0.8, 1, 0.5, 4.0 / 6, 0.8, 1.0 / 6, 0.5, 4.0 / 6, 4.0 / 6, 0.5}, within(1e-12));
    }

    @Test
    void the_per_layer_encoding_has_one_feature_per_layer_slot_and_zero_for_inactive_layers() {
        FeatureEncoding perLayer = HAT.encoding("per-layer");
        assertThat(perLayer.size()).isEqualTo(1 + 1 + 6 + 6 + 1 + 1 + 6 * 4);
        double[] v = perLayer.encode(SHORT);
        int ffn = perLayer.featureNames().indexOf("decoder-ffn-embed-dim[0]");
        assertThat(ffn).isPositive();
        assertThat(java.util.Arrays.copyOfRange(v, ffn, ffn + 6)).containsExactly(1024.0 / 3072, 1, 0, 0, 0, 0);
    }

    @Test
    void the_papers_arch_info_lines_parse_into_the_canonical_architecture() {
        List<String> paper = List.of(
                "encoder-embed-dim-subtransformer: 640",
                "encoder-layer-num-subtransformer: 6",
                "encoder-ffn-embed-dim-all-subtransformer: [1024, 2048, 3072, 1024, 2048, 3072]",
                "encoder-self-attention-heads-all-subtransformer: [4, 8, 4, 8, 4, 8]",
                "decoder-embed-dim-subtransformer: 512",
                "decoder-layer-num-subtransformer: 2",
                "decoder-ffn-embed-dim-all-subtransformer: [1024, 3072]",
                "decoder-self-attention-heads-all-subtransformer: [4, 8]",
                "decoder-ende-attention-heads-all-subtransformer: [8, 8]",
                "decoder-arbitrary-ende-attn-all-subtransformer: [-1, 2]");
        assertThat(HAT.parse(paper)).isEqualTo(SHORT);
        assertThat(HAT.parse(paper).key()).isEqualTo(HAT.canonicalize(SHORT).key());
        List<String> shuffledWithBlanks = new java.util.ArrayList<>(paper);
        java.util.Collections.reverse(shuffledWithBlanks);
        shuffledWithBlanks.add(3, "   ");
        assertThat(HAT.parse(shuffledWithBlanks).key()).isEqualTo(SHORT.key());
    }

    @Test
    void describe_writes_one_name_value_line_per_dimension_in_the_papers_list_style() {
        assertThat(HAT.describe(SHORT)).containsExactly(
                "encoder-embed-dim: 640",
                "encoder-layer-num: 6",
                "encoder-ffn-embed-dim: [1024, 2048, 3072, 1024, 2048, 3072]",
                "encoder-self-attention-heads: [4, 8, 4, 8, 4, 8]",
                "decoder-embed-dim: 512",
                "decoder-layer-num: 2",
                "decoder-ffn-embed-dim: [1024, 3072]",
                "decoder-self-attention-heads: [4, 8]",
                "decoder-ende-attention-heads: [8, 8]",
                "decoder-arbitrary-ende-attn: [-1, 2]");
    }

    @Test
    void more_layers_more_width_and_more_attended_encoder_layers_cost_more_flops() {
        double base = HAT.metric(SHORT, HatSpaces.FLOPS);
        assertThat(HAT.metric(SHORT.with("decoder-arbitrary-ende-attn", List.of(1, 2)), HatSpaces.FLOPS)).isGreaterThan(base);
        assertThat(HAT.metric(SHORT.with("decoder-embed-dim", 640), HatSpaces.FLOPS)).isGreaterThan(base);
        Architecture deeper = TestSpaces.hat(640, List.of(1024, 2048, 3072, 1024, 2048, 3072), List.of(4, 8, 4, 8, 4, 8),
                512, 3, List.of(1024, 3072, 1024), List.of(4, 8, 4), List.of(8, 8, 4), List.of(-1, 2, -1));
        assertThat(HAT.metric(deeper, HatSpaces.FLOPS)).isGreaterThan(base);
        assertThat(HAT.metric(deeper, HatSpaces.PARAMS)).isGreaterThan(HAT.metric(SHORT, HatSpaces.PARAMS));
        // heads do not change the work: Q/K/V are 512 wide whatever the number of heads
        assertThat(HAT.metrics(SHORT.with("decoder-self-attention-heads", List.of(8, 8)))).isEqualTo(HAT.metrics(SHORT));
    }

    @Test
    void sampled_architectures_use_the_full_range_of_flops() {
        var rng = new SplittableRandom(1);
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int i = 0; i < 500; i++) {
            double f = HAT.metric(HAT.sample(rng), HatSpaces.FLOPS);
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        assertThat(max / min).isGreaterThan(2);
    }
}
