package dev.llmnas.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.Nb201Space;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefitTest {
    private static final SearchSpace SPACE = Nb201Space.space();

    /** A made-up truth: the cheap score plus a bonus for one operation on the first edge the cheap one misses. */
    private static double truth(Architecture a, double cheap) {
        String first = SPACE.dimensions().get(0).name();
        return 0.5 * cheap + 10 + (a.get(first).equals(SPACE.dimensions().get(0).choices().get(1)) ? 4 : 0);
    }

    @Test
    void the_ridge_refit_learns_the_correction_the_cheap_score_misses() {
        Xoshiro256 random = new Xoshiro256(3);
        List<Refit.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Architecture a = SPACE.sample(random);
            double cheap = 60 + 20 * random.nextDouble();
            samples.add(new Refit.Sample(a, cheap, new double[] {SPACE.metric(a, Nb201Space.CELL_PARAMS)},
                    truth(a, cheap)));
        }
        Refit.Model model = Refit.ridge(1e-6).fit(SPACE, samples);

        for (int i = 0; i < 20; i++) {
            Architecture a = SPACE.sample(random);
            double cheap = 60 + 20 * random.nextDouble();
            assertThat(model.predict(a, cheap, new double[] {SPACE.metric(a, Nb201Space.CELL_PARAMS)}))
                    .isCloseTo(truth(a, cheap), within(1e-3));
        }
        assertThat(Refit.ridge(1.0).name()).isEqualTo("ridge(1.0)");
    }

    @Test
    void a_heavier_penalty_shrinks_the_correction_towards_the_mean() {
        Xoshiro256 random = new Xoshiro256(5);
        List<Refit.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Architecture a = SPACE.sample(random);
            samples.add(new Refit.Sample(a, 70, new double[] {1}, truth(a, 70)));
        }
        double mean = samples.stream().mapToDouble(Refit.Sample::score).average().orElseThrow();
        Refit.Model heavy = Refit.ridge(1e9).fit(SPACE, samples);
        assertThat(heavy.predict(samples.get(0).architecture(), 70, new double[] {1})).isCloseTo(mean, within(1e-3));
    }

    @Test
    void bad_penalties_and_empty_samples_are_refused() {
        assertThatThrownBy(() -> Refit.ridge(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lambda: -1.0 is not allowed; it must be a finite number >= 0");
        assertThatThrownBy(() -> Refit.ridge(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Refit.ridge(1).fit(SPACE, List.of())).isInstanceOf(SearchException.class)
                .hasMessageContaining("no samples");
        assertThatThrownBy(() -> new Refit.Sample(SPACE.sample(new Xoshiro256(1)), Double.NaN, new double[0], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }
}
