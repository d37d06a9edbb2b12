package dev.llmnas.core.spaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Constraint;
import dev.llmnas.core.MetricRange;
import dev.llmnas.core.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Fingerprints, metric ranges, neighbours and declared metrics of spaces. */
class SpaceDefinitionTest {

    /** NAS-Bench-201's edges with the operations in another order, under the same name. */
    static SearchSpace nb201WithOperationsReversed() {
        List<String> reversed = new ArrayList<>(Nb201Space.OPERATIONS);
        java.util.Collections.reverse(reversed);
        SpaceBuilder b = SpaceBuilder.named("nb201");
        for (String edge : Nb201Space.EDGES) {
            b.categorical(edge, reversed, "operation of " + edge);
        }
        SearchSpace real = Nb201Space.space();
        return b.metrics(real.metricNames(), real::metrics).build();
    }

    @Test
    void the_fingerprint_is_the_sha256_of_the_documented_canonical_definition() throws Exception {
        SearchSpace space = Nb201Space.space();
        assertThat(space.fingerprint()).matches("[0-9a-f]{64}");
        String text = space.canonicalDefinition();
        assertThat(text).startsWith("llmnas-space-definition v1\n")
                .contains("dimension \"edge-0-1\" CATEGORICAL depth=- maxLength=1 choices=[s:\"none\",s:\"skip_connect\","
                        + "s:\"nor_conv_1x1\",s:\"nor_conv_3x3\",s:\"avg_pool_3x3\"]\n")
                .endsWith("metrics [\"convs\",\"cell-params\"]\n");
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(space.fingerprint()).isEqualTo(java.util.HexFormat.of().formatHex(digest));
    }

    @Test
    void a_space_of_the_same_name_and_edges_with_operations_in_another_order_has_another_fingerprint() {
        SearchSpace other = nb201WithOperationsReversed();
        assertThat(other.name()).isEqualTo(Nb201Space.space().name());
        assertThat(other.fingerprint()).isNotEqualTo(Nb201Space.space().fingerprint());
    }

    @Test
    void the_fingerprint_depends_on_the_definition_not_on_the_name_the_words_or_the_instance() {
        SearchSpace a = HatSpaces.create("one", 32768, 30, 30);
        SearchSpace b = HatSpaces.create("two", 49600, 30, 30);
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isEqualTo(HatSpaces.wmt14ende().fingerprint());
        SearchSpace words = SpaceBuilder.named("x").integer("n", 1, 3, "a").build();
        SearchSpace otherWords = SpaceBuilder.named("y").integer("n", 1, 3, "b").build();
        assertThat(words.fingerprint()).isEqualTo(otherWords.fingerprint());
        assertThat(SpaceBuilder.named("x").integer("n", 1, 4, "a").build().fingerprint())
                .isNotEqualTo(words.fingerprint());
        assertThat(SpaceBuilder.named("x").integer("n", 1, 3, "a").metric("m", arch -> 1).build().fingerprint())
                .as("metric names count").isNotEqualTo(words.fingerprint());
        assertThat(SpaceBuilder.named("x").categorical("c", List.of(1, 2), "").build().fingerprint())
                .as("an integer choice differs from the string that reads the same")
                .isNotEqualTo(SpaceBuilder.named("x").categorical("c", List.of("1", "2"), "").build().fingerprint());
    }

    @Test
    void the_fingerprints_of_the_built_in_spaces_stay_what_they_are() {
        // stable across JVMs and releases: checkpoints and studies store them
        assertThat(Nb201Space.space().fingerprint())
                .isEqualTo("f6127c23271debf43ade4e9c523b7a78ed93f6f2e4448d084f7e422fdb0e8441");
        assertThat(HatSpaces.wmt19ende().fingerprint())
                .isEqualTo("d81a0cb48b1a0891d4cb25ed0aed90de230131d208db23aaf51d47064b43a5b7");
        assertThat(TestSpaces.MLP.canonicalDefinition()).contains(
                "dimension \"dropout\" CATEGORICAL depth=- maxLength=1 choices=[d:0x0.0p0,d:0x1.999999999999ap-4,"
                        + "d:0x1.3333333333333p-2]",
                "dimension \"width\" PER_LAYER depth=\"layers\" maxLength=4 choices=[i:64,i:128,i:256]");
    }

    @Test
    void nas_bench_201_knows_the_exact_range_of_its_metrics_by_enumeration() {
        MetricRange r = Nb201Space.space().metricRange(Nb201Space.CELL_PARAMS).orElseThrow();
        assertThat(r.min()).isEqualTo(0);
        assertThat(r.max()).isEqualTo(6 * 9 * 16 * 16);
        assertThat(Nb201Space.space().metric(r.argMax(), Nb201Space.CELL_PARAMS)).isEqualTo(r.max());
        assertThat(Nb201Space.space().metricRange(Nb201Space.CONVS).orElseThrow().max()).isEqualTo(6);
    }

    @Test
    void hat_spaces_know_the_exact_range_of_their_monotone_metrics_from_the_extreme_architectures() {
        SearchSpace hat = HatSpaces.wmt14ende();
        MetricRange flops = hat.metricRange(HatSpaces.FLOPS).orElseThrow();
        assertThat(flops.argMin().getInt("decoder-layer-num")).isEqualTo(1);
        assertThat(flops.argMin().getInt("encoder-embed-dim")).isEqualTo(512);
        assertThat(flops.argMax().getIntList("decoder-ffn-embed-dim")).containsExactly(3072, 3072, 3072, 3072,
                3072, 3072);
        // no random architecture lies outside the range
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 2_000; i++) {
            double v = hat.metric(hat.sample(rng), HatSpaces.FLOPS);
            assertThat(v).isBetween(flops.min(), flops.max());
        }
        assertThat(flops.min()).isLessThan(2.1e9);
    }

    @Test
    void a_range_is_unknown_for_a_large_space_whose_metric_is_not_declared_monotone() {
        SearchSpace big = SpaceBuilder.named("big").perLayerFixed("w", List.of(1, 2, 3, 4), 12, "")
                .metric("sum", a -> a.getIntList("w").stream().mapToInt(Integer::intValue).sum()).build();
        assertThat(big.metricRange("sum")).isEmpty();
        assertThat(Constraint.atMost("sum", -5).unsatisfiableReason(big)).isEmpty();
        assertThatThrownBy(() -> big.metricRange("flops")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric: 'flops' is not one of [sum] of space big");
    }

    @Test
    void a_bound_outside_the_metrics_range_is_shown_unsatisfiable_and_one_inside_is_not() {
        SearchSpace hat = HatSpaces.wmt14ende();
        double min = hat.metricRange(HatSpaces.FLOPS).orElseThrow().min();
        assertThat(Constraint.atMost("flops", min * 0.99).unsatisfiableReason(hat)).get().asString()
                .startsWith("constraint flops <= " + min * 0.99 + " cannot be met in space hat-wmt14ende: flops"
                        + " ranges over [")
                .endsWith("] there, so no architecture is that small");
        assertThat(Constraint.atMost("flops", min).unsatisfiableReason(hat)).isEmpty();
        assertThat(Constraint.atMost("flops", 2.1e9).unsatisfiableReason(hat)).isEmpty();
        assertThat(Constraint.atLeast("cell-params", 1e9).unsatisfiableReason(Nb201Space.space())).get().asString()
                .contains("so no architecture is that large");
        assertThat(Constraint.atMost("lat", a -> 1.0, -1).unsatisfiableReason(hat))
                .as("user-supplied metrics are never judged up front").isEmpty();
    }

    @Test
    void neighbours_move_one_value_or_one_layer_to_an_adjacent_choice() {
        SearchSpace hat = HatSpaces.wmt14ende();
        Architecture a = hat.sample(new SplittableRandom(3));
        List<Architecture> ns = hat.neighbours(a);
        assertThat(ns).isNotEmpty().doesNotContain(a);
        for (Architecture n : ns) {
            hat.validate(n);
            int changed = 0;
            for (String d : a.names()) {
                if (!a.get(d).equals(n.get(d))) {
                    changed++;
                }
            }
            assertThat(changed).as("one dimension changes (a depth change also cuts or extends its lists)")
                    .isBetween(1, 5);
        }
        assertThat(ns.stream().map(n -> n.getInt("decoder-layer-num")).distinct())
                .allMatch(d -> Math.abs(d - a.getInt("decoder-layer-num")) <= 1);
        Architecture oneLayer = hat.parse(List.of("encoder-embed-dim: 512", "encoder-layer-num: 6",
                "encoder-ffn-embed-dim: [1024, 1024, 1024, 1024, 1024, 1024]",
                "encoder-self-attention-heads: [4, 4, 4, 4, 4, 4]", "decoder-embed-dim: 512", "decoder-layer-num: 1",
                "decoder-ffn-embed-dim: [2048]", "decoder-self-attention-heads: [8]",
                "decoder-ende-attention-heads: [4]", "decoder-arbitrary-ende-attn: [1]"));
        Architecture twoLayers = hat.neighbours(oneLayer).stream().filter(n -> n.getInt("decoder-layer-num") == 2)
                .findFirst().orElseThrow();
        assertThat(twoLayers.getIntList("decoder-ffn-embed-dim")).as("a new layer repeats the last one")
                .containsExactly(2048, 2048);
        assertThat(twoLayers.getIntList("decoder-arbitrary-ende-attn")).containsExactly(1, 1);
        Set<String> ops = new HashSet<>();
        Architecture cell = Nb201Space.parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        Nb201Space.space().neighbours(cell).forEach(n -> ops.add(n.getString("edge-0-1")));
        assertThat(ops).as("string choices: every other one is a step").containsExactlyInAnyOrderElementsOf(
                Nb201Space.OPERATIONS);
        assertThat(Nb201Space.space().neighbours(cell)).hasSize(6 * 4);
    }

    @Test
    void a_custom_space_declares_metrics_one_by_one_and_a_readme_style_constraint_works() {
        SearchSpace mlp = SpaceBuilder.named("tiny-mlp")
                .integer("layers", 1, 4, "number of hidden layers")
                .perLayer("width", List.of(64, 128, 256), "layers", "units of each hidden layer")
                .metric("params", arch -> arch.getIntList("width").stream().mapToInt(w -> w * w).sum())
                .monotone("params")
                .build();
        assertThat(mlp.metricNames()).containsExactly("params");
        Architecture small = mlp.parse(List.of("layers: 1", "width: [64]"));
        assertThat(mlp.metrics(small)).isEqualTo(Map.of("params", 4096.0));
        Constraint c = Constraint.atMost("params", 100_000);
        assertThat(c.isSatisfiedBy(small, mlp)).isTrue();
        assertThat(mlp.metricRange("params").orElseThrow().max()).isEqualTo(4 * 256 * 256);
    }

    @Test
    void a_constraint_on_a_metric_the_custom_space_lacks_fails_listing_the_spaces_metrics() {
        SearchSpace none = SpaceBuilder.named("plain").integer("layers", 1, 4, "").build();
        Architecture a = none.parse(List.of("layers: 2"));
        assertThatThrownBy(() -> Constraint.atMost("params", 1e6).isSatisfiedBy(a, none))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric: 'params' is not one of [] of space plain");
        assertThatThrownBy(() -> SpaceBuilder.named("x").integer("n", 1, 2, "").metric("m", arch -> 1)
                .metric("m", arch -> 2)).isInstanceOf(IllegalArgumentException.class).hasMessage("metric m: declared twice");
        assertThatThrownBy(() -> SpaceBuilder.named("x").integer("n", 1, 2, "").metric(" ", arch -> 1))
                .hasMessage("metric name: ' ' must not be blank");
        assertThatThrownBy(() -> SpaceBuilder.named("x").integer("n", 1, 2, "").metric("m", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metric function: null");
        assertThatThrownBy(() -> SpaceBuilder.named("x").integer("n", 1, 2, "").monotone("flops").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("monotone: 'flops' is not one of the metrics [] of space x");
    }

    @Test
    void metrics_declared_in_bulk_and_one_by_one_are_listed_bulk_first() {
        SearchSpace s = SpaceBuilder.named("x").integer("n", 1, 3, "")
                .metric("double", a -> 2.0 * a.getInt("n"))
                .metrics(List.of("n"), a -> Map.of("n", (double) a.getInt("n")))
                .build();
        assertThat(s.metricNames()).containsExactly("n", "double");
        assertThat(s.metrics(s.parse(List.of("n: 3")))).containsExactly(Map.entry("n", 3.0), Map.entry("double", 6.0));
    }
}
