package dev.llmnas.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MeanStdTest {

    @Test
    void mean_and_population_std_print_the_papers_way() {
        MeanStd m = MeanStd.of(0.85, 0.87, 0.89);
        assertThat(m.mean()).isCloseTo(0.87, within(1e-12));
        // population std: sqrt((0.02^2 + 0 + 0.02^2) / 3) = 0.01633
        assertThat(m.std()).isCloseTo(Math.sqrt(0.0008 / 3), within(1e-12));
        assertThat(m.n()).isEqualTo(3);
        assertThat(m).hasToString("0.87 (0.02)");
        assertThat(m.format(3)).isEqualTo("0.870 (0.016)");
    }

    @Test
    void one_value_has_zero_spread_and_negative_means_keep_their_sign() {
        assertThat(MeanStd.of(0.5)).hasToString("0.50 (0.00)");
        assertThat(MeanStd.of(-0.2, -0.4)).hasToString("-0.30 (0.10)");
        assertThat(MeanStd.of(1234.5, 1234.5).format(0)).isEqualTo("1235 (0)");
    }

    @Test
    void formatting_ignores_the_default_locale() {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertThat(MeanStd.of(0.85, 0.89)).hasToString("0.87 (0.02)");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @Test
    void no_values_or_non_finite_values_are_refused() {
        assertThatThrownBy(MeanStd::of).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("values: need at least one value");
        assertThatThrownBy(() -> MeanStd.of(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("values: value 1 is NaN; all values must be finite");
        assertThatThrownBy(() -> MeanStd.of(1, 2).format(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("decimals: -1 must be between 0 and 15");
    }
}
