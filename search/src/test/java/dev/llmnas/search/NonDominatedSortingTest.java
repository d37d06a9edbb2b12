package dev.llmnas.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NonDominatedSortingTest {

    @Test
    void sorts_a_hand_made_set_into_its_three_fronts() {
        double[][] points = {
            {1, 5}, // 0: front 0
            {2, 3}, // 1: front 0
            {4, 1}, // 2: front 0
            {3, 4}, // 3: dominated by 1 -> front 1
            {5, 2}, // 4: dominated by 2 -> front 1
            {5, 5}, // 5: dominated by 3 and 4 -> front 2
            {2, 3}, // 6: equal to 1, so neither dominates: front 0
        };
        List<int[]> fronts = NonDominatedSorting.fronts(points);
        assertThat(fronts).hasSize(3);
        assertThat(fronts.get(0)).containsExactly(0, 1, 2, 6);
        assertThat(fronts.get(1)).containsExactly(3, 4);
        assertThat(fronts.get(2)).containsExactly(5);
        assertThat(NonDominatedSorting.ranks(points)).containsExactly(0, 0, 0, 1, 1, 2, 0);
    }

    @Test
    void dominance_needs_no_worse_everywhere_and_better_somewhere() {
        assertThat(NonDominatedSorting.dominates(new double[] {1, 2}, new double[] {1, 3})).isTrue();
        assertThat(NonDominatedSorting.dominates(new double[] {1, 3}, new double[] {1, 3})).isFalse();
        assertThat(NonDominatedSorting.dominates(new double[] {0, 4}, new double[] {1, 3})).isFalse();
    }

    @Test
    void the_fronts_agree_with_pairwise_dominance_on_random_three_objective_sets() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 50; trial++) {
            int n = random.nextInt(1, 60);
            double[][] points = new double[n][3];
            for (double[] p : points) {
                for (int j = 0; j < 3; j++) {
                    p[j] = random.nextInt(0, 6);
                }
            }
            int[] rank = NonDominatedSorting.ranks(points);
            for (int i = 0; i < n; i++) {
                int expected = 0;
                for (int j = 0; j < n; j++) {
                    if (NonDominatedSorting.dominates(points[j], points[i])) {
                        // a point's rank is one more than the highest rank of those that dominate it
                        expected = Math.max(expected, rank[j] + 1);
                    }
                }
                assertThat(rank[i]).as("trial %d point %d", trial, i).isEqualTo(expected);
            }
        }
    }

    @Test
    void crowding_distance_gives_the_extremes_infinity_and_the_inner_points_their_normalised_gaps() {
        double[][] points = {{0, 10}, {1, 6}, {4, 2}, {10, 0}};
        int[] front = {0, 1, 2, 3};
        double[] d = NonDominatedSorting.crowdingDistance(points, front);
        assertThat(d[0]).isInfinite();
        assertThat(d[3]).isInfinite();
        // point 1: (4 - 0) / 10 + (10 - 2) / 10; point 2: (10 - 1) / 10 + (6 - 0) / 10
        assertThat(d[1]).isCloseTo(0.4 + 0.8, within(1e-12));
        assertThat(d[2]).isCloseTo(0.9 + 0.6, within(1e-12));
        assertThat(NonDominatedSorting.selectionOrder(points)).containsExactly(0, 3, 2, 1);
    }

    @Test
    void an_objective_without_range_adds_no_distance() {
        double[][] points = {{1, 5}, {2, 5}, {3, 5}};
        double[] d = NonDominatedSorting.crowdingDistance(points, new int[] {0, 1, 2});
        assertThat(d[1]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void selection_order_takes_whole_fronts_first() {
        double[][] points = {{5, 5}, {1, 1}, {2, 2}, {0, 3}};
        // front 0: {1, 3}; front 1: {2}; front 2: {0}
        assertThat(NonDominatedSorting.selectionOrder(points)).containsExactly(1, 3, 2, 0);
    }

    @Test
    void rejects_ragged_or_non_finite_points() {
        assertThatThrownBy(() -> NonDominatedSorting.fronts(new double[][] {{1, 2}, {1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("points[1]: 1 objectives");
        assertThatThrownBy(() -> NonDominatedSorting.fronts(new double[][] {{1, Double.NaN}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
    }
}
