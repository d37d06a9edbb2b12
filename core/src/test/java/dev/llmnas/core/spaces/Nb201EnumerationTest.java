package dev.llmnas.core.spaces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmnas.core.Architecture;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The enumeration of all NAS-Bench-201 cells: complete, without repeats, in a fixed order. */
class Nb201EnumerationTest {

    @Test
    void all_lists_each_of_the_15625_cells_once_in_odometer_order_over_the_operations() {
        List<Architecture> all = Nb201Space.all();
        List<String> edges = Nb201Space.EDGES;
        List<String> ops = Nb201Space.OPERATIONS;

        assertThat(all).hasSize(15_625);
        Set<String> keys = new HashSet<>();
        for (Architecture a : all) {
            assertThat(a.names()).containsExactlyElementsOf(edges);
            keys.add(a.key());
        }
        assertThat(keys).hasSize(15_625);
        // the first cell takes the first operation everywhere, the last one the last operation
        assertThat(edges).allSatisfy(e -> assertThat(all.get(0).getString(e)).isEqualTo(ops.get(0)));
        assertThat(edges).allSatisfy(e -> assertThat(all.get(15_624).getString(e)).isEqualTo(ops.get(4)));
        // the last edge changes fastest, the first edge slowest
        assertThat(all.get(1).getString(edges.get(5))).isEqualTo(ops.get(1));
        assertThat(all.get(1).getString(edges.get(0))).isEqualTo(ops.get(0));
        assertThat(all.get(3_125).getString(edges.get(0))).isEqualTo(ops.get(1));
        assertThat(all.get(3_125).getString(edges.get(5))).isEqualTo(ops.get(0));
        // every operation appears on every edge in exactly a fifth of the cells
        for (String e : edges) {
            Map<String, Long> counts = all.stream().map(a -> a.getString(e))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(counts).containsOnlyKeys(ops).allSatisfy((op, n) -> assertThat(n).isEqualTo(3_125L));
        }
    }

    @Test
    void enumerated_cells_are_valid_and_already_canonical() {
        var space = Nb201Space.space();
        List<Architecture> all = Nb201Space.all();
        for (int i = 0; i < all.size(); i += 61) {
            Architecture a = all.get(i);
            space.validate(a);
            assertThat(space.canonicalize(a)).isEqualTo(a);
        }
    }

    @Test
    void callers_get_their_own_copy_of_the_list() {
        List<Architecture> first = Nb201Space.all();
        first.clear();
        assertThat(Nb201Space.all()).hasSize(15_625);
    }
}
