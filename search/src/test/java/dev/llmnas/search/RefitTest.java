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

    /** A made-up truth whose first-edge bonus flips sign between two levels: an interaction no global term fits. */
    private static double levelTruth(Architecture a, double level) {
        boolean skip = a.get(SPACE.dimensions().get(0).name()).equals(SPACE.dimensions().get(0).choices().get(1));
        return 50 + 3 * level + (skip ? (level == 0 ? 4 : -4) : 0);
    }

    @Test
    void per_level_terms_fit_what_a_choice_is_worth_at_each_level_where_one_global_ridge_cannot() {
        Xoshiro256 random = new Xoshiro256(11);
        List<Refit.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Architecture a = SPACE.sample(random);
            double level = i % 2;
            samples.add(new Refit.Sample(a, 60, new double[] {level}, levelTruth(a, level)));
        }
        Refit.Model global = Refit.ridge(1e-3).fit(SPACE, samples);
        Refit.Model perLevel = Refit.perLevel(Refit.ridge(1e-3), 10).fit(SPACE, samples);

        double globalError = 0;
        double levelError = 0;
        for (int i = 0; i < 40; i++) {
            Architecture a = SPACE.sample(random);
            double[] level = {i % 2};
            globalError = Math.max(globalError, Math.abs(global.predict(a, 60, level) - levelTruth(a, level[0])));
            levelError = Math.max(levelError, Math.abs(perLevel.predict(a, 60, level) - levelTruth(a, level[0])));
        }
        assertThat(levelError).isLessThan(1e-2);
        assertThat(globalError).isGreaterThan(1.0);
        // a level with too few samples for its own terms gets the global prediction
        Architecture a = SPACE.sample(random);
        assertThat(perLevel.predict(a, 60, new double[] {7})).isEqualTo(global.predict(a, 60, new double[] {7}));
        assertThat(Refit.perLevel(Refit.ridge(1.0), 10).name()).isEqualTo("perLevel(ridge(1.0),10)");
        assertThatThrownBy(() -> Refit.perLevel(Refit.ridge(1.0), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minSamples: 1 is not allowed; it must be at least 2");
        assertThatThrownBy(() -> Refit.perLevel(null, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("base: null is not allowed");
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
