package dev.llmnas.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FrontRegretTest {
    // true front: cost 0 -> 80, cost 10 -> 90, cost 20 -> 95
    private static final double[] COST = {0, 10, 20};
    private static final double[] SCORE = {80, 90, 95};

    @Test
    void each_true_point_is_compared_with_the_best_found_at_no_more_than_its_cost() {
        // found: 79 at cost 0, 88 at cost 15, 94 at cost 25
        double[] foundCost = {0, 15, 25};
        double[] foundScore = {79, 88, 94};
        FrontRegret r = FrontRegret.of(COST, SCORE, foundCost, foundScore, 50);
        // cost 0: 80-79 = 1; cost 10: 90-79 = 11 (the 88 costs 15); cost 20: 95-88 = 7 (the 94 costs 25)
        assertThat(r.mean()).isCloseTo((1 + 11 + 7) / 3.0, within(1e-12));
        assertThat(r.worst()).isEqualTo(11);
        assertThat(r.points()).isEqualTo(3);
    }

    @Test
    void the_per_point_breakdown_names_which_true_points_are_missed_and_by_how_much() {
        double[] perPoint = FrontRegret.perPoint(COST, SCORE, new double[] {10}, new double[] {90}, 50);
        FrontRegret r = FrontRegret.of(COST, SCORE, new double[] {10}, new double[] {90}, 50);
        assertThat(perPoint).hasSize(COST.length);
        assertThat(java.util.Arrays.stream(perPoint).average().orElseThrow()).isCloseTo(r.mean(),
                org.assertj.core.api.Assertions.within(1e-12));
        assertThat(java.util.Arrays.stream(perPoint).max().orElseThrow()).isEqualTo(r.worst());
        for (int p = 0; p < COST.length; p++) {
            assertThat(perPoint[p]).isEqualTo(SCORE[p] - (COST[p] >= 10 ? Math.max(90, 50) : 50));
        }
    }

    @Test
    void finding_the_true_front_itself_leaves_no_regret() {
        FrontRegret r = FrontRegret.of(COST, SCORE, COST, SCORE, 50);
        assertThat(r.mean()).isZero();
        assertThat(r.worst()).isZero();
    }

    @Test
    void a_point_with_nothing_found_below_its_cost_counts_from_the_floor() {
        FrontRegret r = FrontRegret.of(COST, SCORE, new double[] {10}, new double[] {90}, 50);
        assertThat(r.worst()).isEqualTo(30);
        assertThat(r.mean()).isCloseTo((30 + 0 + 5) / 3.0, within(1e-12));
    }

    @Test
    void rejects_mismatched_or_empty_inputs() {
        assertThatThrownBy(() -> FrontRegret.of(new double[0], new double[0], COST, SCORE, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> FrontRegret.of(COST, SCORE, new double[] {1}, new double[0], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("foundCost (1)");
        assertThatThrownBy(() -> FrontRegret.of(COST, SCORE, new double[] {1}, new double[] {Double.NaN}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("foundScore[0]");
    }
}
