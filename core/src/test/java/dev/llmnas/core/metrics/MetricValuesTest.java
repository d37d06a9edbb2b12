package dev.llmnas.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmnas.core.data.HatLatencyData;
import org.junit.jupiter.api.Test;

/** Statistics, front regret and latency rows on values whose answers are known by hand. */
class MetricValuesTest {

    @Test
    void mean_std_of_values_away_from_zero_is_the_population_standard_deviation() {
        // the textbook case: mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, 32 / 8 = 4
        MeanStd m = MeanStd.of(2, 4, 4, 4, 5, 5, 7, 9);

        assertThat(m.mean()).isEqualTo(5.0);
        assertThat(m.std()).isEqualTo(2.0);
        assertThat(m.n()).isEqualTo(8);
        assertThat(MeanStd.of(10, 12).std()).isEqualTo(1.0);
    }

    @Test
    void mean_std_formats_with_zero_to_fifteen_decimals_only() {
        MeanStd m = new MeanStd(1.5, 0.25, 2);

        assertThat(m.format(0)).isEqualTo("2 (0)");
        assertThat(m.format(15)).isEqualTo("1.500000000000000 (0.250000000000000)");
        assertThatThrownBy(() -> m.format(16)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("decimals: 16 must be between 0 and 15");
        assertThatThrownBy(() -> m.format(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("decimals: -1 must be between 0 and 15");
    }

    @Test
    void front_regret_takes_the_best_found_score_at_or_below_each_true_cost_whatever_order_points_come_in() {
        double[] trueCost = {1, 2, 3};
        double[] trueScore = {50, 70, 90};
        // found points out of cost order: cost 3 -> 85, cost 1 -> 50, cost 2.5 -> 60 (dominated by nothing at 2)
        double[] foundCost = {3, 1, 2.5};
        double[] foundScore = {85, 50, 60};

        double[] regret = FrontRegret.perPoint(trueCost, trueScore, foundCost, foundScore, 10);

        // at cost 1: 50 found; at cost 2: still only 50; at cost 3: 85 (a point exactly at the cost counts)
        assertThat(regret).containsExactly(0, 20, 5);
        FrontRegret r = FrontRegret.of(trueCost, trueScore, foundCost, foundScore, 10);
        assertThat(r.mean()).isCloseTo(25.0 / 3, within(1e-12));
        assertThat(r.worst()).isEqualTo(20);
        assertThat(r.points()).isEqualTo(3);
    }

    @Test
    void front_regret_counts_the_floor_where_nothing_was_found_at_or_below_a_cost() {
        double[] regret = FrontRegret.perPoint(new double[] {1, 5}, new double[] {40, 80}, new double[] {4},
                new double[] {75}, 30);

        assertThat(regret).containsExactly(10, 5);
    }

    @Test
    void front_regret_refuses_non_finite_values_in_any_array_and_a_single_point_is_enough() {
        double[] ok = {1};
        assertThatThrownBy(() -> FrontRegret.perPoint(new double[] {Double.NaN}, ok, ok, ok, 0))
                .hasMessage("trueCost[0]: NaN must be finite");
        assertThatThrownBy(() -> FrontRegret.perPoint(ok, new double[] {Double.POSITIVE_INFINITY}, ok, ok, 0))
                .hasMessage("trueScore[0]: Infinity must be finite");
        assertThatThrownBy(() -> FrontRegret.perPoint(ok, ok, new double[] {Double.NaN}, ok, 0))
                .hasMessage("foundCost[0]: NaN must be finite");
        assertThatThrownBy(() -> FrontRegret.perPoint(ok, ok, ok, new double[] {Double.NEGATIVE_INFINITY}, 0))
                .hasMessage("foundScore[0]: -Infinity must be finite");
        assertThat(new FrontRegret(0, 0, 1).points()).isEqualTo(1);
        assertThatThrownBy(() -> new FrontRegret(0, 0, 0)).hasMessage("points: 0 must be at least 1");
    }

    @Test
    void a_latency_row_refuses_non_finite_features_and_negative_or_non_finite_latencies_naming_the_field() {
        double[] f = {512, 6, 2048, 6, 512, 6, 2048, 6, 6, 2};
        HatLatencyData.Row row = new HatLatencyData.Row(3, f, 10, 20, 0, 0.5);
        assertThat(row.totalMs()).isEqualTo(30);
        assertThat(row.totalStdMs()).isEqualTo(0.5);
        assertThat(row.feature(2)).isEqualTo(2048);
        assertThat(row).isEqualTo(new HatLatencyData.Row(3, f.clone(), 10, 20, 0, 0.5))
                .hasSameHashCodeAs(new HatLatencyData.Row(3, f.clone(), 10, 20, 0, 0.5))
                .isNotEqualTo(new HatLatencyData.Row(4, f, 10, 20, 0, 0.5));
        assertThat(row.toString()).isEqualTo("Row[line 3, features [512.0, 6.0, 2048.0, 6.0, 512.0, 6.0, 2048.0,"
                + " 6.0, 6.0, 2.0], encoder 10.0 ms, decoder 20.0 ms]");

        double[] bad = f.clone();
        bad[9] = Double.NaN;
        assertThatThrownBy(() -> new HatLatencyData.Row(3, bad, 10, 20, 0, 0))
                .hasMessage("decoder_arbitrary_ende_attn_avg: NaN must be a finite number");
        // a negative feature is not refused: features are checked for finiteness only
        double[] negative = f.clone();
        negative[0] = -1;
        assertThat(new HatLatencyData.Row(3, negative, 10, 20, 0, 0).feature(0)).isEqualTo(-1);
        assertThatThrownBy(() -> new HatLatencyData.Row(3, f, -0.1, 20, 0, 0))
                .hasMessage("latency_mean_encoder: -0.1 must be a finite non-negative number");
        assertThatThrownBy(() -> new HatLatencyData.Row(3, f, 10, Double.POSITIVE_INFINITY, 0, 0))
                .hasMessage("latency_mean_decoder: Infinity must be a finite non-negative number");
        assertThatThrownBy(() -> new HatLatencyData.Row(3, f, 10, 20, -1, 0))
                .hasMessage("latency_std_encoder: -1.0 must be a finite non-negative number");
        assertThatThrownBy(() -> new HatLatencyData.Row(3, f, 10, 20, 0, Double.NaN))
                .hasMessage("latency_std_decoder: NaN must be a finite non-negative number");
        assertThatThrownBy(() -> new HatLatencyData.Row(3, new double[9], 10, 20, 0, 0))
                .hasMessage("features: 9 values, expected 10");
        assertThatThrownBy(() -> new HatLatencyData.Row(3, null, 10, 20, 0, 0))
                .hasMessage("features: null, expected 10");
        // zero latencies are allowed
        assertThat(new HatLatencyData.Row(3, f, 0, 0, 0, 0).totalMs()).isZero();
    }
}
