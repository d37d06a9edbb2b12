package dev.llmnas.core.spaces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.MetricRange;
import dev.llmnas.core.SearchSpace;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a space stops enumerating to find a metric's range (100,000 architectures), how it counts
 * architectures whose lists follow a depth dimension, and the smallest/largest architectures it builds for
 * metrics declared monotone in spaces too large to enumerate.
 */
class MetricRangeBoundaryTest {

    private static double sum(Architecture a, String name) {
        return a.getIntList(name).stream().mapToInt(Integer::intValue).sum();
    }

    @Test
    void a_space_of_exactly_one_hundred_thousand_architectures_is_still_enumerated_for_any_metric() {
        SpaceBuilder b = SpaceBuilder.named("five-digits");
        for (int i = 0; i < 5; i++) {
            b.integer("d" + i, 0, 9, "digit " + i);
        }
        // not monotone: the difference of two digits
        SearchSpace space = b.metric("diff", a -> a.getInt("d0") - a.getInt("d4")).build();

        MetricRange r = space.metricRange("diff").orElseThrow();

        assertThat(r.min()).isEqualTo(-9);
        assertThat(r.max()).isEqualTo(9);
        assertThat(r.argMin().getInt("d0")).isZero();
        assertThat(r.argMin().getInt("d4")).isEqualTo(9);
        assertThat(r.argMax().getInt("d0")).isEqualTo(9);
        assertThat(r.argMax().getInt("d4")).isZero();
    }

    @Test
    void fixed_length_lists_count_choices_to_the_power_of_the_length() {
        // 2^10 = 1,024 architectures: enumerated; 2^17 = 131,072: too many for a metric not declared monotone
        SearchSpace small = SpaceBuilder.named("bits10").perLayerFixed("b", List.of(1, 2), 10, "")
                .metric("sum", a -> sum(a, "b")).build();
        SearchSpace large = SpaceBuilder.named("bits17").perLayerFixed("b", List.of(1, 2), 17, "")
                .metric("sum", a -> sum(a, "b")).build();

        assertThat(small.metricRange("sum").orElseThrow()).satisfies(r -> {
            assertThat(r.min()).isEqualTo(10);
            assertThat(r.max()).isEqualTo(20);
        });
        assertThat(large.metricRange("sum")).isEmpty();
    }

    @Test
    void lists_that_follow_a_depth_count_every_depth_separately() {
        // depth 0..9 with two choices per layer: 2^0 + ... + 2^9 = 1,023 architectures (enumerated);
        // depth 0..16: 131,071 (not enumerated; a product of choices and depths would give 34)
        SearchSpace small = SpaceBuilder.named("deep9").perLayer("w", List.of(1, 2), "layers", "")
                .integer("layers", 0, 9, "").metric("sum", a -> sum(a, "w")).build();
        SearchSpace large = SpaceBuilder.named("deep16").perLayer("w", List.of(1, 2), "layers", "")
                .integer("layers", 0, 16, "").metric("sum", a -> sum(a, "w")).build();

        MetricRange r = small.metricRange("sum").orElseThrow();
        assertThat(r.min()).isZero();
        assertThat(r.argMin().getInt("layers")).isZero();
        assertThat(r.max()).isEqualTo(18);
        assertThat(r.argMax().getIntList("w")).hasSize(9).containsOnly(2);
        assertThat(large.metricRange("sum")).isEmpty();
    }

    @Test
    void a_monotone_metric_of_a_large_space_takes_its_range_from_the_extreme_architecture_of_every_string_value() {
        // 3^1 + ... + 3^12 layer lists (797,160) times 3 scales times 2 activations: far above the limit
        SearchSpace space = SpaceBuilder.named("big-mlp")
                .perLayer("width", List.of(8, 16, 32), "layers", "units per layer")
                .integer("layers", 1, 12, "hidden layers")
                .categorical("scale", List.of(2, 1, 3), "width multiplier")
                .categorical("activation", List.of("relu", "gelu"), "activation")
                .metric("units", a -> sum(a, "width") * a.getInt("scale")
                        + (a.getString("activation").equals("gelu") ? 1 : 0))
                .monotone("units")
                .build();

        MetricRange r = space.metricRange("units").orElseThrow();

        assertThat(r.min()).isEqualTo(8);
        assertThat(r.argMin().getInt("layers")).isEqualTo(1);
        assertThat(r.argMin().getIntList("width")).containsExactly(8);
        assertThat(r.argMin().getInt("scale")).isEqualTo(1);
        assertThat(r.argMin().getString("activation")).isEqualTo("relu");
        assertThat(r.max()).isEqualTo(12 * 32 * 3 + 1);
        assertThat(r.argMax().getInt("layers")).isEqualTo(12);
        assertThat(r.argMax().getIntList("width")).hasSize(12).containsOnly(32);
        assertThat(r.argMax().getInt("scale")).isEqualTo(3);
        assertThat(r.argMax().getString("activation")).isEqualTo("gelu");
        // both extremes are real members of the space
        space.validate(r.argMin());
        space.validate(r.argMax());
    }

    @Test
    void a_monotone_metric_is_not_ranged_when_the_string_combinations_alone_exceed_the_limit() {
        SpaceBuilder b = SpaceBuilder.named("many-strings").perLayerFixed("w", List.of(1, 2, 3, 4), 12, "");
        // 7^6 = 117,649 string combinations
        for (int i = 0; i < 6; i++) {
            b.categorical("s" + i, List.of("a", "b", "c", "d", "e", "f", "g"), "");
        }
        SearchSpace space = b.metric("sum", a -> sum(a, "w")).monotone("sum").build();

        assertThat(space.metricRange("sum")).isEmpty();
    }
}
