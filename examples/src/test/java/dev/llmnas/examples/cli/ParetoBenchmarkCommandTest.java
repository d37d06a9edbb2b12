package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.data.DataPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ParetoBenchmarkCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DATA = dev.llmnas.examples.PaperDefaults.dataFolder();
    /** Small settings so a run takes seconds; the measured run uses the defaults (10 seeds, 1,000 calls). */
    private static final List<String> SMALL = List.of("--seeds", "1", "--budget", "200", "--population", "20",
            "--offspring", "20", "--iterations", "12", "--switch-at", "5", "--screening", "2", "--bounds", "2",
            "--polish", "100", "--pool-size", "100", "--rounds", "20", "--no-progress", "--data", DATA.toString());

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    /** Runs the command line with picocli's writers, mapping errors to exit codes as {@link LlmnasCli} does. */
    private static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LlmnasCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + LlmnasCli.oneLine(ex));
            return ex instanceof IllegalArgumentException ? LlmnasCli.EXIT_USAGE : LlmnasCli.EXIT_FAILURE;
        });
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            return LlmnasCli.EXIT_USAGE;
        });
        int exit = cli.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /** The arguments with the value of {@code --polish} replaced. */
    private static List<String> withPolish(String value, List<String> args) {
        List<String> copy = new ArrayList<>(args);
        copy.set(copy.indexOf("--polish") + 1, value);
        return copy;
    }

    private static List<String> args(String... first) {
        List<String> all = new ArrayList<>(List.of("pareto-benchmark"));
        all.addAll(List.of(first));
        all.addAll(SMALL);
        return all;
    }

    @Test
    void measures_the_three_methods_at_one_budget_and_writes_json_and_the_front_plot() throws IOException {
        Path json = tmp.resolve("out/pareto.json");
        Path plots = tmp.resolve("plots");
        Run r = run(args("--datasets", "cifar10", "--teacher", "proxy", "--json", json.toString(), "--plots",
                plots.toString(), "--level-sweep", "40", "--refit", "ridge-level"));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("random", "nsga2[proxy:cifar100]", "bounds2[proxy:cifar100]", "wrote " + json);
        JsonNode rows = JSON.readTree(json.toFile());
        assertThat(rows).hasSize(3);
        for (JsonNode row : rows) {
            assertThat(row.get("dataset").asText()).isEqualTo("cifar10");
            assertThat(row.get("expensive_calls_max").asLong()).isLessThanOrEqualTo(200);
            assertThat(row.get("hypervolume_fraction_mean").asDouble()).isBetween(0.5, 1.0);
            assertThat(row.get("front_regret_mean").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(row.get("front_regret_worst_mean").asDouble())
                    .isGreaterThanOrEqualTo(row.get("front_regret_mean").asDouble());
            assertThat(row.get("true_front_points").asInt()).isEqualTo(14);
        }
        assertThat(rows.get(0).get("method").asText()).isEqualTo("random");
        assertThat(rows.get(0).get("expensive_calls_mean").asDouble()).isEqualTo(200);
        Path png = plots.resolve("pareto-cifar10.png");
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(5_000);
    }

    @Test
    void bad_values_get_one_line_naming_the_option_exit_2_and_nothing_written() {
        Path json = tmp.resolve("never.json");
        List<List<String>> cases = List.of(
                args("--datasets", "cifar11", "--json", json.toString()),
                args("--teacher", "llm", "--json", json.toString()),
                args("--teacher", "proxy:cifar10", "--datasets", "cifar10", "--json", json.toString()),
                args("--mutation", "1.5", "--json", json.toString()),
                args("--first-seed", "0", "--json", json.toString()),
                args("--niche", "-1", "--json", json.toString()),
                args("--refit", "xgboost", "--json", json.toString()),
                args("--level-k", "-1", "--json", json.toString()),
                withPolish("300", args("--json", json.toString())),
                args("--level-sweep", "150", "--json", json.toString()));
        List<String> expected = List.of("--datasets: 'cifar11'", "--teacher: 'llm'", "teacher: 'proxy:cifar10' is the"
                + " searched data set", "mutation (1.5)", "--first-seed: 0 is not allowed",
                "--niche: -1 is not allowed", "--refit: 'xgboost' is not allowed; it must be one of none, ridge,"
                + " ridge-level", "--level-k: -1 is not allowed", "--polish: 300 is not allowed; it must be at most"
                + " the budget 200", "--level-sweep: 150 is not allowed with --polish 100; together they must be at"
                + " most the budget 200");
        for (int i = 0; i < cases.size(); i++) {
            Run r = run(cases.get(i));
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n").contains(expected.get(i));
        }
        assertThat(json).doesNotExist();
    }

    @Test
    void a_json_path_that_is_a_directory_is_refused_before_any_work() {
        Run r = run(args("--json", tmp.toString()));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--json: cannot write").contains("it is a directory");
    }
}
