package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Old spellings still work ({@code --pool N} for {@code --pool-size}, {@code --llm-cache} for {@code --cache}),
 * and an error names the spelling the user typed, so that it can be found on their command line.
 */
class OptionSpellingInMessagesTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} {1} 5")
    @CsvSource({
        "pareto-benchmark, --pool, '--pool: 5 is not allowed; it must be in [10, 15625]'",
        "pareto-benchmark, --pool-size, '--pool-size: 5 is not allowed; it must be in [10, 15625]'",
        "search-benchmark, --pool, '--pool: 5 is not in [10, 15625]'",
        "search-benchmark, --pool-size, '--pool-size: 5 is not in [10, 15625]'",
        "quickstart, --pool, '--pool: 5 is not in [20, '",
        "quickstart, --pool-size, '--pool-size: 5 is not in [20, '"})
    void a_pool_size_out_of_range_is_reported_under_the_name_typed(String command, String option, String expected) {
        Cli.Run run = Cli.run(withDataset(command, option, "5", "--no-progress"));
        assertThat(run.code()).as(run.err()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(run.err()).startsWith("error: " + expected);
    }

    @ParameterizedTest(name = "{0} given both: the last one typed is named")
    @CsvSource({
        "pareto-benchmark, --pool-size, --pool, '--pool: 7 is not allowed'",
        "search-benchmark, --pool, --pool-size, '--pool-size: 7 is not in'",
        "quickstart, --pool-size, --pool, '--pool: 7 is not in'"})
    void when_both_spellings_are_typed_the_last_one_is_named(String command, String first, String last,
                                                             String expected) {
        Cli.Run run = Cli.run(withDataset(command, first, "500", last, "7", "--no-progress"));
        assertThat(run.code()).as(run.err()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(run.err()).startsWith("error: " + expected);
    }

    @ParameterizedTest(name = "search-benchmark {0} without --teacher llm")
    @CsvSource({"--llm-cache", "--cache"})
    void a_cache_without_an_llm_teacher_is_reported_under_the_name_typed(String option) {
        Cli.Run run = Cli.run("search-benchmark", "--dataset", "cifar10", option, tmp.resolve("x.jsonl").toString());
        assertThat(run.code()).as(run.err()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(run.err().strip()).isEqualTo("error: " + option + ": only used with --teacher llm, not"
                + " proxy:cifar100");
    }

    @ParameterizedTest(name = "predictors {0} missing --replay-only")
    @CsvSource({"--llm-cache", "--cache"})
    void a_missing_replay_cache_is_reported_under_the_name_typed(String option) {
        Path missing = tmp.resolve("x");
        Cli.Run run = Cli.run("predictors", "--task", "wmt14ende", "--pool-size", "20", option, missing.toString(),
                "--replay-only");
        assertThat(run.code()).as(run.err()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(run.err().strip()).startsWith("error: " + option + ": ").contains(missing.toString());
    }

    /** The command line, with the --dataset search-benchmark requires. */
    private static String[] withDataset(String command, String... rest) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command));
        if (command.equals("search-benchmark")) {
            args.addAll(java.util.List.of("--dataset", "cifar10"));
        }
        args.addAll(java.util.List.of(rest));
        return args.toArray(String[]::new);
    }
}
