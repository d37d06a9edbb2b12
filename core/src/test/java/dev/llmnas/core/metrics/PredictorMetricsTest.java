package dev.llmnas.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PredictorMetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void mae_and_rmse_match_a_hand_computed_case() {
        double[] truth = {1, 2, 3};
        double[] predicted = {2, 2, 5};
        // errors 1, 0, 2
        assertThat(PredictorMetrics.mae(truth, predicted)).isCloseTo(1.0, within(EPS));
        assertThat(PredictorMetrics.rmse(truth, predicted)).isCloseTo(Math.sqrt(5.0 / 3), within(EPS));
        assertThat(PredictorMetrics.mae(truth, truth)).isZero();
        assertThat(PredictorMetrics.rmse(new double[] {4}, new double[] {1})).isEqualTo(3.0);
    }

    @Test
    void kendall_tau_b_counts_ties_on_either_side_as_tau_b_does() {
        double[] x = {1, 2, 2, 3};
        double[] y = {1, 3, 2, 2};
        // 6 pairs: 3 concordant, 1 discordant, 1 tied in x only, 1 tied in y only
        // tau-b = (3 - 1) / sqrt((6 - 1) * (6 - 1)) = 0.4
        assertThat(PredictorMetrics.kendallTau(x, y)).isCloseTo(0.4, within(EPS));
        // tau-a would be (3 - 1) / 6; a tie-blind implementation would not give 0.4
        double[] tiedTruth = {1, 1, 2, 2};
        double[] pred = {1, 2, 3, 4};
        // pairs: (0,1) x-tie, (2,3) x-tie, 4 concordant: 4 / sqrt(4 * 6)
        assertThat(PredictorMetrics.kendallTau(tiedTruth, pred)).isCloseTo(4 / Math.sqrt(24), within(EPS));
        assertThat(PredictorMetrics.kendallTau(new double[] {1, 2, 3}, new double[] {3, 2, 1})).isCloseTo(-1, within(EPS));
    }

    @Test
    void spearman_gives_ties_their_average_rank() {
        double[] x = {1, 2, 2, 3};
        double[] y = {1, 3, 2, 2};
        // ranks x: 1, 2.5, 2.5, 4; y: 1, 4, 2.5, 2.5; centred: (-1.5, 0, 0, 1.5) and (-1.5, 1.5, 0, 0)
        // rho = 2.25 / sqrt(4.5 * 4.5) = 0.5
        assertThat(PredictorMetrics.spearman(x, y)).isCloseTo(0.5, within(EPS));
        assertThat(PredictorMetrics.spearman(new double[] {10, 20, 30}, new double[] {1, 5, 100})).isCloseTo(1, within(EPS));
    }

    @Test
    void rank_correlations_of_a_constant_side_are_nan() {
        double[] constant = {2, 2, 2};
        double[] other = {1, 2, 3};
        assertThat(PredictorMetrics.kendallTau(constant, other)).isNaN();
        assertThat(PredictorMetrics.spearman(other, constant)).isNaN();
    }

    @Test
    void bad_inputs_are_refused_with_clear_messages() {
        assertThatThrownBy(() -> PredictorMetrics.mae(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("truth has 2 values but predicted has 1; they must be the same length");
        assertThatThrownBy(() -> PredictorMetrics.rmse(new double[0], new double[0]))
                .hasMessage("need at least 1 values, got 0");
        assertThatThrownBy(() -> PredictorMetrics.kendallTau(new double[] {1}, new double[] {1}))
                .hasMessage("need at least 2 values, got 1");
        assertThatThrownBy(() -> PredictorMetrics.spearman(new double[] {1, Double.NaN}, new double[] {1, 2}))
                .hasMessage("value 1: truth NaN, predicted 2.0; all values must be finite");
        assertThatThrownBy(() -> PredictorMetrics.mae(null, new double[] {1}))
                .hasMessage("truth and predicted must not be null");
    }
}
