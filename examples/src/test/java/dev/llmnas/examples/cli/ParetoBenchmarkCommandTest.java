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
        return with("--polish", value, args);
    }

    /** The arguments with the value of {@code option} replaced. */
    private static List<String> with(String option, String value, List<String> args) {
        List<String> copy = new ArrayList<>(args);
        copy.set(copy.indexOf(option) + 1, value);
        return copy;
    }

    private static List<String> args(String... first) {
        List<String> all = new ArrayList<>(List.of("pareto-benchmark"));
        all.addAll(List.of(first));
        all.addAll(SMALL);
        return all;
    }

    @Test
    void measures_the_methods_at_one_budget_and_writes_json_and_a_front_plot_per_teacher() throws IOException {
        Path json = tmp.resolve("out/pareto.json");
        Path plots = tmp.resolve("plots");
        Run r = run(args("--datasets", "cifar10", "--teacher", "proxy,fewshot", "--json", json.toString(), "--plots",
                plots.toString(), "--level-sweep", "40", "--refit", "ridge-level"));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("random", "nsga2[proxy:cifar100]", "bounds2[proxy:cifar100]", "nsga2[fewshot]",
                "bounds2[fewshot]", "wrote " + json);
        JsonNode doc = JSON.readTree(json.toFile());
        // self-describing: the library version, the command and every setting that affects the numbers
        assertThat(doc.path("llmnas_version").asText()).isEqualTo(dev.llmnas.core.LlmnasVersion.get()).isNotBlank();
        assertThat(doc.path("command").asText()).isEqualTo("pareto-benchmark");
        JsonNode settings = doc.path("settings");
        assertThat(JSON.convertValue(settings.path("datasets"), List.class)).containsExactly("cifar10");
        assertThat(JSON.convertValue(settings.path("teachers"), List.class)).containsExactly("proxy", "fewshot");
        assertThat(JSON.convertValue(settings.path("teachers_by_dataset").path("cifar10"), List.class))
                .containsExactly("proxy:cifar100", "fewshot");
        java.util.Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("seeds", 1);
        expected.put("first_seed", 1);
        expected.put("budget", 200);
        expected.put("population", 20);
        expected.put("offspring", 20);
        expected.put("iterations", 12);
        expected.put("switch_at", 5);
        expected.put("screening", 2);
        expected.put("niche", 0);
        expected.put("polish", 100);
        expected.put("level_sweep", 40);
        // the default --climb 800, not typed, shrinks to the budget
        expected.put("climb", 200);
        expected.put("climb_share", 0.3);
        expected.put("level_k", 0);
        expected.put("refit", "ridge-level");
        expected.put("mutation", 0.15);
        expected.put("crossover", 0.9);
        expected.put("bounds", 2);
        expected.put("pool_size", 100);
        expected.put("rounds", 20);
        expected.put("max_depth", 6);
        expected.forEach((field, value) -> assertThat(JSON.convertValue(settings.path(field), Object.class))
                .as(field).isEqualTo(value));
        // the rows as before, under methods
        JsonNode rows = doc.path("methods");
        assertThat(rows).hasSize(5);
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
        // one plot per teacher, the few-shot one included
        for (String teacher : List.of("proxy-cifar100", "fewshot")) {
            Path png = plots.resolve("pareto-cifar10-" + teacher + ".png");
            assertThat(png).exists();
            assertThat(Files.size(png)).isGreaterThan(5_000);
            assertThat(r.out()).contains("wrote " + png);
        }
        try (var files = Files.list(plots)) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void bad_values_get_one_line_naming_the_option_exit_2_and_nothing_written() {
        Path json = tmp.resolve("never.json");
        Path plots = tmp.resolve("never-plots");
        List<List<String>> cases = List.of(
                args("--teacher", "bogus", "--json", json.toString()),
                args("--teacher", "proxy:mnist", "--json", json.toString()),
                args("--crossover", "2", "--json", json.toString()),
                with("--pool-size", "5", args("--json", json.toString())),
                args("--datasets", "cifar10,cifar10", "--json", json.toString()),
                with("--budget", "10", args("--json", json.toString())),
                with("--switch-at", "12", args("--json", json.toString())),
                with("--screening", "1", args("--refit", "ridge", "--json", json.toString())),
                args("--datasets", "cifar11", "--json", json.toString()),
                args("--teacher", "llm", "--json", json.toString()),
                args("--teacher", "proxy:cifar10", "--datasets", "cifar10", "--json", json.toString()),
                args("--mutation", "1.5", "--json", json.toString()),
                args("--first-seed", "0", "--json", json.toString()),
                args("--niche", "-1", "--json", json.toString()),
                args("--refit", "xgboost", "--json", json.toString()),
                args("--level-k", "-1", "--json", json.toString()),
                withPolish("300", args("--json", json.toString())),
                args("--level-sweep", "150", "--json", json.toString()),
                args("--climb", "-1", "--json", json.toString()),
                args("--climb", "300", "--json", json.toString()),
                args("--climb-share", "0", "--json", json.toString()),
                args("--climb-share", "1.5", "--json", json.toString()),
                with("--switch-at", "0", args("--climb", "100", "--json", json.toString())));
        List<String> expected = List.of(
                "--teacher: 'bogus' is not recognised; allowed: proxy (the true accuracy on cifar100, or cifar10 for"
                        + " cifar100), proxy:<cifar10|cifar100|imagenet16> (a data set other than the one searched),"
                        + " fewshot, fewshot:encoding",
                "--teacher: 'proxy:mnist' names an unknown data set; allowed: proxy (",
                "--crossover: 2.0 is not allowed; it must be a probability in [0, 1]",
                "--pool-size: 5 is not allowed; it must be in [10, 15625]",
                "--datasets: 'cifar10' is given twice",
                "--budget: 10 is not allowed; it must be at least 20 (the --population 20)",
                "--switch-at: 12 is not allowed; it must be in [0, 11] (below --iterations 12)",
                "--screening: 1 is not allowed with --refit ridge; it must be at least 2",
                "--datasets: 'cifar11'", "--teacher: 'llm'", "--teacher: 'proxy:cifar10' is the"
                + " searched data set (cifar10)", "--mutation: 1.5 is not allowed; it must be a probability in [0, 1]",
                "--first-seed: 0 is not allowed",
                "--niche: -1 is not allowed", "--refit: 'xgboost' is not allowed; it must be one of none, ridge,"
                + " ridge-level", "--level-k: -1 is not allowed", "--polish: 300 is not allowed; it must be at most"
                + " the budget 200", "--level-sweep: 150 is not allowed with --polish 100; together they must be at"
                + " most the budget 200", "--climb: -1 is not allowed", "--climb: 300 is not allowed; it must be at"
                + " most the budget 200", "--climb-share: 0.0 is not allowed; it must be in (0, 1]",
                "--climb-share: 1.5 is not allowed; it must be in (0, 1]",
                "--climb: 100 is not allowed with --switch-at 0; climbing orders candidates by the cheap predictor,"
                        + " which then ranks no generation: set --switch-at above 0 or --climb 0");
        for (int i = 0; i < cases.size(); i++) {
            List<String> withPlots = new ArrayList<>(cases.get(i));
            withPlots.addAll(List.of("--plots", plots.toString()));
            Run r = run(withPlots);
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n").startsWith("error: " + expected.get(i));
        }
        assertThat(json).doesNotExist();
        assertThat(plots).doesNotExist();
    }

    /** The arguments of {@link #SMALL} without {@code --polish} and its value. */
    private static List<String> withoutPolish(List<String> args) {
        List<String> copy = new ArrayList<>(args);
        int at = copy.indexOf("--polish");
        copy.remove(at + 1);
        copy.remove(at);
        return copy;
    }

    @Test
    void defaults_that_were_not_typed_shrink_to_fit_the_budget_a_typed_level_sweep_and_a_switch_at_zero()
            throws IOException {
        // --polish 800 and --climb 800 by default; the budget is 200 and --level-sweep 150 is typed
        Path json = tmp.resolve("shrunk.json");
        Run r = run(withoutPolish(args("--datasets", "cifar10", "--teacher", "proxy", "--level-sweep", "150",
                "--json", json.toString())));
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode settings = JSON.readTree(json.toFile()).path("settings");
        assertThat(settings.path("polish").asInt()).isEqualTo(50);
        assertThat(settings.path("climb").asInt()).isEqualTo(200);

        // with the switch at 0 no generation is ranked by the cheap predictor, so the default climb is off
        Path zero = tmp.resolve("switch0.json");
        Run s = run(with("--switch-at", "0", args("--datasets", "cifar10", "--teacher", "proxy", "--json",
                zero.toString())));
        assertThat(s.exit()).as(s.err()).isZero();
        assertThat(JSON.readTree(zero.toFile()).path("settings").path("climb").asInt()).isZero();
    }

    @Test
    void a_json_file_that_is_also_the_plots_folder_is_refused_before_any_work() {
        Path same = tmp.resolve("out");
        Run r = run(args("--json", same.toString(), "--plots", same.toString()));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: --json: " + same + " is also the --plots folder; choose another"
                + " file or folder");
        assertThat(same).doesNotExist();
    }

    @Test
    void a_json_path_that_is_a_directory_is_refused_before_any_work() {
        Run r = run(args("--json", tmp.toString()));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--json: cannot write").contains("it is a directory");
    }
}
