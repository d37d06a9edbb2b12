package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmnas.core.LlmnasVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code -V} is advertised by every command's help, so every command prints the library version with it. */
class VersionOptionTest {
    @ParameterizedTest
    @ValueSource(strings = {"label", "quickstart", "predictors", "search-benchmark", "pareto-benchmark",
        "latency-predictors", "describe", "studies", "worker"})
    void every_command_prints_the_library_version(String command) {
        Cli.Run run = Cli.run(command, "-V");
        assertThat(run.code()).isZero();
        assertThat(run.out().strip()).isEqualTo("llmnas " + LlmnasVersion.get());
        assertThat(LlmnasVersion.get()).isNotBlank().isNotEqualTo("development");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-V", "--version"})
    void the_top_level_command_prints_it_too(String flag) {
        Cli.Run run = Cli.run(flag);
        assertThat(run.code()).isZero();
        assertThat(run.out().strip()).isEqualTo("llmnas " + LlmnasVersion.get());
    }
}
