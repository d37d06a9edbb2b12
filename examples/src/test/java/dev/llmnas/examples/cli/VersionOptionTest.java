package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmnas.core.LlmnasVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
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

    /** Every sub-command at every nesting level that offers {@code -V}, as the words to type before it. */
    static Stream<String> everyNestedCommand() {
        List<String> found = new ArrayList<>();
        collect(LlmnasCli.commandLine(Map.of()), "", found);
        return found.stream();
    }

    private static void collect(CommandLine cli, String prefix, List<String> found) {
        for (Map.Entry<String, CommandLine> e : cli.getSubcommands().entrySet()) {
            String words = (prefix + " " + e.getKey()).strip();
            if (e.getValue().getCommandSpec().findOption("-V") != null) {
                found.add(words);
            }
            collect(e.getValue(), words, found);
        }
    }

    @Test
    void the_nested_commands_are_found_so_the_check_below_covers_them() {
        assertThat(everyNestedCommand()).contains("studies list", "studies create", "studies show",
                "studies export", "search-benchmark", "worker");
    }

    @ParameterizedTest
    @MethodSource("everyNestedCommand")
    void every_sub_command_at_every_level_prints_the_library_version(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("-V");
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertThat(run.code()).as(command).isZero();
        assertThat(run.out().strip()).as(command).isEqualTo("llmnas " + LlmnasVersion.get());
    }
}
