package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void quickstart_on_nas_bench_201_names_the_offline_teacher_and_reports_real_accuracy() throws Exception {
        var r = DescribeCommandTest.run("quickstart", "--teacher", "fewshot", "--pool", "300", "--no-progress",
                "--out", tmp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("OFFLINE DEFAULT").contains("Kendall tau").contains("expensive calls")
                .contains("wall time");
        JsonNode json = JSON.readTree(tmp.resolve("quickstart.json").toFile());
        assertThat(json.get("teacher").asText()).startsWith("OFFLINE DEFAULT");
        // the reported accuracy is the table's, for the architecture reported
        NatsBench table = NatsBench.load(DataPaths.natsBench(DataPaths.resolve()));
        var best = Nb201Space.parse(json.at("/best/arch_string").asText());
        assertThat(json.at("/best/true_accuracy").asDouble())
                .isEqualTo(table.accuracy(best, NatsBench.Dataset.CIFAR10));
        assertThat(Nb201Space.space().metric(best, Nb201Space.CELL_PARAMS)).isLessThanOrEqualTo(9216);
        assertThat(json.at("/best/regret").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(json.get("hybrid_expensive_calls").asLong()).isPositive()
                .isLessThan(json.get("evolution_expensive_calls").asLong() + 10);
        assertThat(tmp.resolve("trajectory.png")).isNotEmptyFile();
        assertThat(tmp.resolve("distilled-vs-true.png")).isNotEmptyFile();
        assertThat(Files.readAllBytes(tmp.resolve("trajectory.png"))).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void quickstart_on_the_hat_space_checks_the_distilled_predictor_against_the_split_test_set() throws Exception {
        var r = DescribeCommandTest.run("quickstart", "--space", "hat-wmt14ende", "--teacher", "fewshot",
                "--pool", "200", "--no-progress", "--constraint", "flops<=2.8e9", "--out", tmp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(tmp.resolve("quickstart.json").toFile());
        assertThat(json.at("/distilled_quality/n").asInt()).isEqualTo(20);
        assertThat(json.at("/best/metrics/flops").asDouble()).isLessThanOrEqualTo(2.8e9);
        assertThat(json.get("constraint").asText()).isEqualTo("flops <= 2.8E9");
    }

    @Test
    void a_bad_constraint_is_a_one_line_usage_error_naming_the_allowed_metrics() {
        var r = DescribeCommandTest.run("quickstart", "--constraint", "latency<=3", "--no-progress",
                "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).startsWith("error: constraint: metric 'latency' is not one of [convs, cell-params]")
                .doesNotContain("\n");
    }

    @Test
    void an_unknown_space_or_teacher_is_a_usage_error() {
        assertThat(DescribeCommandTest.run("quickstart", "--space", "resnet", "--out", tmp.toString()).exit())
                .isEqualTo(LlmnasCli.EXIT_USAGE);
        var r = DescribeCommandTest.run("quickstart", "--teacher", "oracle", "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err()).contains("teacher: 'oracle' is not one of [auto, fewshot, fewshot:encoding, llm]");
    }

    @Test
    void a_call_budget_only_applies_to_an_llm_teacher() {
        var r = DescribeCommandTest.run("quickstart", "--max-calls", "5", "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err()).contains("--max-calls: only applies to --teacher llm, not --teacher auto");
        r = DescribeCommandTest.run("quickstart", "--teacher", "llm", "--max-calls", "0", "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err()).contains("--max-calls: 0 must be at least 1");
    }

    @Test
    void a_missing_data_folder_is_a_usage_error_not_a_stack_trace() {
        var r = DescribeCommandTest.run("quickstart", "--data", tmp.resolve("nope").toString(), "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).startsWith("error: data directory not found").doesNotContain("\tat ");
    }

    @Test
    void options_of_the_other_space_and_impossible_pools_are_refused_before_any_work() {
        var r = DescribeCommandTest.run("quickstart", "--space", "hat-wmt14ende", "--dataset", "cifar100",
                "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).isEqualTo("error: --dataset: only applies to --space nb201, not to --space hat-wmt14ende");
        assertThat(DescribeCommandTest.run("quickstart", "--split-seed", "456", "--out", tmp.toString()).err())
                .contains("--split-seed: only applies to the HAT spaces");
        var big = DescribeCommandTest.run("quickstart", "--pool", "100000000", "--out", tmp.toString());
        assertThat(big.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(big.err()).contains("--pool: 100000000 is not in [20, 14000]");
        assertThat(DescribeCommandTest.run("quickstart", "--space", "hat-wmt14ende", "--pool", "9000",
                "--out", tmp.toString()).err()).contains("--pool: 9000 is not in [20, 8500]");
    }

    @Test
    void an_unwritable_output_folder_fails_at_once_with_the_reason() throws Exception {
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        var r = DescribeCommandTest.run("quickstart", "--out", file.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).isEqualTo("error: --out: cannot write " + file + ": it is a file, not a directory");
    }

    @Test
    void a_wrong_flag_is_one_line_pointing_at_the_help_not_the_whole_usage() {
        var r = DescribeCommandTest.run("quickstart", "--pool", "abc");
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).isEqualTo(
                "error: Invalid value for option '--pool': 'abc' is not an int (see 'llmnas quickstart --help')");
        var none = DescribeCommandTest.run();
        assertThat(none.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(none.err().strip()).isEqualTo("error: Missing required subcommand (see 'llmnas --help')");
    }
}
