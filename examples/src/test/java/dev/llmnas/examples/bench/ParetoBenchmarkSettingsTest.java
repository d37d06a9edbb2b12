package dev.llmnas.examples.bench;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.data.NatsBench;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The library's own messages name the record components (Java callers pass those); the command line names its
 * options instead (see {@code ParetoBenchmarkCommandTest}).
 */
class ParetoBenchmarkSettingsTest {
    private static final List<NatsBench.Dataset> CIFAR10 = List.of(NatsBench.Dataset.CIFAR10);

    private static ParetoBenchmark.Settings settings(int switchAt, double mutation, double crossover, int niche,
                                                     int levelSweep, long firstSeed) {
        return new ParetoBenchmark.Settings(CIFAR10, 1, 200, 20, 20, 12, switchAt, 2, mutation, crossover, 2, niche,
                100, firstSeed, "ridge", 0, levelSweep);
    }

    @Test
    void each_bad_setting_is_named_by_its_component_with_the_value_and_what_is_allowed() {
        assertThatThrownBy(() -> settings(12, 0.1, 0.9, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("switchAt: 12 is not allowed; it must be in [0, 11] (below the iterations 12)");
        assertThatThrownBy(() -> settings(5, 1.5, 0.9, 0, 0, 1))
                .hasMessage("mutation: 1.5 is not allowed; it must be a probability in [0, 1]");
        assertThatThrownBy(() -> settings(5, 0.1, -1, 0, 0, 1))
                .hasMessage("crossover: -1.0 is not allowed; it must be a probability in [0, 1]");
        assertThatThrownBy(() -> settings(5, 0.1, 0.9, -1, 0, 1))
                .hasMessage("nicheElites: -1 is not allowed; it must be at least 0");
        assertThatThrownBy(() -> settings(5, 0.1, 0.9, 0, 150, 1))
                .hasMessage("levelSweep: 150 is not allowed with polish 100; together they must be at most the"
                        + " budget 200");
        assertThatThrownBy(() -> settings(5, 0.1, 0.9, 0, 0, 0))
                .hasMessage("firstSeed: 0 is not allowed; it must be at least 1");
        assertThatThrownBy(() -> new ParetoBenchmark.Settings(List.of(NatsBench.Dataset.CIFAR10,
                NatsBench.Dataset.CIFAR10), 1, 200, 20, 20, 12, 5, 2, 0.1, 0.9, 2))
                .hasMessage("datasets: [cifar10, cifar10] is not allowed; each data set must appear once");
        assertThatThrownBy(() -> new ParetoBenchmark.Settings(CIFAR10, 1, 200, 20, 20, 12, 5, 2, 0.1, 0.9, 2, 0, 100, 1,
                "ridge", 0, 0, 201, 0.3)).hasMessage("climb: 201 is not allowed; it must be at most the budget 200");
        assertThatThrownBy(() -> new ParetoBenchmark.Settings(CIFAR10, 1, 200, 20, 20, 12, 5, 2, 0.1, 0.9, 2, 0, 100, 1,
                "ridge", 0, 0, -1, 0.3)).hasMessage("climb: -1 is not allowed; it must be at least 0");
        assertThatThrownBy(() -> new ParetoBenchmark.Settings(CIFAR10, 1, 200, 20, 20, 12, 5, 2, 0.1, 0.9, 2, 0, 100, 1,
                "ridge", 0, 0, 100, 0)).hasMessage("climbShare: 0.0 is not allowed; it must be in (0, 1]");
        assertThatThrownBy(() -> new ParetoBenchmark.Settings(CIFAR10, 1, 200, 20, 20, 12, 0, 2, 0.1, 0.9, 2, 0, 100, 1,
                "ridge", 0, 0, 100, 0.3)).hasMessage("climb: 100 is not allowed with switchAt 0; climbing orders"
                + " candidates by the cheap predictor, which then ranks no generation");
    }
}
