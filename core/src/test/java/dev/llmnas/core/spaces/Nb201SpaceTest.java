package dev.llmnas.core.spaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.InvalidArchitectureException;
import dev.llmnas.core.SearchSpace;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class Nb201SpaceTest {
    private static final SearchSpace NB = Nb201Space.space();
    private static final String EXAMPLE = "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|none~0|avg_pool_3x3~1|nor_conv_3x3~2|";

    @Test
    void an_architecture_string_parses_into_six_named_edges_and_writes_back_unchanged() {
        Architecture a = Nb201Space.parse(EXAMPLE);
        assertThat(a.key()).isEqualTo("edge-0-1=nor_conv_3x3;edge-0-2=skip_connect;edge-1-2=nor_conv_1x1;"
                + "edge-0-3=none;edge-1-3=avg_pool_3x3;edge-2-3=nor_conv_3x3");
        assertThat(Nb201Space.toArchString(a)).isEqualTo(EXAMPLE);
        assertThat(Nb201Space.parse("  " + EXAMPLE + "\n")).isEqualTo(a);
    }

    @Test
    void all_lists_the_15625_distinct_valid_architectures() {
        List<Architecture> all = Nb201Space.all();
        assertThat(all).hasSize(Nb201Space.SIZE);
        assertThat(new HashSet<>(all)).hasSize(15_625);
        for (Architecture a : all) {
            assertThat(NB.canonicalize(a)).isSameAs(a);
            assertThat(Nb201Space.parse(Nb201Space.toArchString(a))).isEqualTo(a);
        }
        assertThat(all.get(0).key()).isEqualTo("edge-0-1=none;edge-0-2=none;edge-1-2=none;edge-0-3=none;edge-1-3=none;edge-2-3=none");
    }

    @Test
    void metrics_count_parameterised_convolutions_and_their_weights() {
        Architecture a = Nb201Space.parse(EXAMPLE);
        assertThat(NB.metric(a, Nb201Space.CONVS)).isEqualTo(3.0);
        assertThat(NB.metric(a, Nb201Space.CELL_PARAMS)).isEqualTo(2 * 2304.0 + 256);
        assertThat(NB.metrics(Nb201Space.all().get(0))).containsEntry(Nb201Space.CONVS, 0.0).containsEntry(Nb201Space.CELL_PARAMS, 0.0);
    }

    @Test
    void the_means_encoding_is_one_hot_per_edge() {
        double[] v = NB.encode(Nb201Space.parse(EXAMPLE));
        assertThat(v).hasSize(30);
        assertThat(java.util.Arrays.stream(v).sum()).isEqualTo(6.0);
        assertThat(NB.featureNames().get(3)).isEqualTo("edge-0-1=nor_conv_3x3");
        assertThat(v[3]).isEqualTo(1.0);
    }

    @Test
    void malformed_strings_are_refused_naming_what_is_wrong() {
        assertThatThrownBy(() -> Nb201Space.parse("|none~0|+|none~0|none~1|"))
                .isInstanceOf(InvalidArchitectureException.class).hasMessageContaining("expected 3 nodes separated by '+'");
        assertThatThrownBy(() -> Nb201Space.parse("none~0|+|none~0|none~1|+|none~0|none~1|none~2|"))
                .hasMessageContaining("node 1 'none~0|' must be enclosed in '|'");
        assertThatThrownBy(() -> Nb201Space.parse("|none~0|+|none~0|+|none~0|none~1|none~2|"))
                .hasMessageContaining("node 2 has 1 inputs, expected 2");
        assertThatThrownBy(() -> Nb201Space.parse("|none~0|+|none~0|none~0|+|none~0|none~1|none~2|"))
                .hasMessageContaining("edge-1-2: 'none~0' is not of the form op~1");
        assertThatThrownBy(() -> Nb201Space.parse("|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|"))
                .hasMessage("edge-0-1: conv is not one of [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3]");
        assertThatThrownBy(() -> Nb201Space.parse(null)).isInstanceOf(InvalidArchitectureException.class);
    }
}
