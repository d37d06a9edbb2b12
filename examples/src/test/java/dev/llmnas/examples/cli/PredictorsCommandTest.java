package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.data.DataPaths;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PredictorsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_table_reproduces_the_recorded_baselines_from_the_raw_records(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("rows.json");
        Run run = run("predictors", "--task", "wmt14ende", "--pool-size", "200", "--json", out.toString());
        assertThat(run.code).as(run.err).isZero();
        JsonNode rows = JSON.readTree(out.toFile());
        assertThat(labels(rows)).containsExactly("HAT (recorded)", "Supernet (Sandwich) (recorded)",
                "Layer-wise MoS (recorded)", "Neuron-wise MoS (recorded)",
                "kNN (k=3)", "XGBoost (demonstrations only)", "Ridge (lambda=1)", "Ridge + efficiency (LOO)",
                "Distill(Ridge + efficiency)");
        for (JsonNode row : rows) {
            assertThat(row.path("task").asText()).isEqualTo("wmt14ende");
            for (String field : List.of("mae_mean", "mae_std", "kendall_mean", "kendall_std")) {
                assertThat(row.path(field).isNumber()).as(field).isTrue();
                assertThat(row.path(field).asDouble()).as(field).isFinite();
            }
            assertThat(row.path("failed").asInt()).isZero();
        }
        // recompute every recorded baseline straight from the JSON lines, independently of the library
        for (int r = 0; r < PredictorsCommand.RECORDED.size(); r++) {
            String baseline = PredictorsCommand.RECORDED.get(r);
            double[] mae = new double[3];
            double[] tau = new double[3];
            int s = 0;
            for (int seed : new int[] {123, 456, 789}) {
                List<String> lines = Files.readAllLines(DataPaths.seedArchs(dev.llmnas.examples.PaperDefaults.dataFolder(), seed, "wmt14ende", "test"));
                double[] t = new double[lines.size()];
                double[] p = new double[lines.size()];
                for (int i = 0; i < lines.size(); i++) {
                    JsonNode rec = JSON.readTree(lines.get(i));
                    t[i] = rec.path("scratch").path("valid_BLEU").asDouble();
                    p[i] = rec.path(baseline).path("valid_BLEU").asDouble();
                    mae[s] += Math.abs(t[i] - p[i]) / lines.size();
                }
                tau[s++] = new KendallsCorrelation().correlation(t, p);
            }
            JsonNode row = rows.get(r);
            assertThat(row.path("mae_mean").asDouble()).isCloseTo((mae[0] + mae[1] + mae[2]) / 3, within(1e-9));
            assertThat(row.path("kendall_mean").asDouble()).isCloseTo((tau[0] + tau[1] + tau[2]) / 3, within(1e-9));
        }
        // the paper's Table 1 figures for the Neuron-wise MoS supernet on WMT'14 En-De
        assertThat(run.out).containsPattern("Neuron-wise MoS \\(recorded\\)\\s+0\\.87 \\(0\\.02\\)\\s+0\\.79 \\(0\\.02\\)");
        assertThat(run.out).contains("wrote " + out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"wmt14enfr", "wmt19ende"})
    void every_task_gets_a_full_table(String task) {
        Run run = run("predictors", "--task", task, "--pool-size", "100");
        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("Predictor quality on " + task).contains("Distill(Ridge + efficiency)")
                .containsPattern("HAT \\(recorded\\)\\s+\\d+\\.\\d\\d \\(\\d+\\.\\d\\d\\)\\s+-?\\d\\.\\d\\d \\(\\d\\.\\d\\d\\)");
    }

    @Test
    void an_unknown_task_is_a_usage_error_naming_the_allowed_tasks() {
        Run run = run("predictors", "--task", "wmt16roen");
        assertThat(run.code).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(run.err).contains("'wmt16roen'").contains("wmt14ende").contains("wmt19ende");
    }

    @Test
    void a_pool_larger_than_the_data_is_a_usage_error_naming_the_available_count() {
        Run run = run("predictors", "--pool-size", "9000");
        assertThat(run.code).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(run.err).contains("--pool-size: 9000").contains("8500 architectures");
        Run zero = run("predictors", "--pool-size", "0");
        assertThat(zero.code).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(zero.err).contains("--pool-size: 0 is not in [1, 8500]");
        Run huge = run("predictors", "--pool-size", "2147483647", "--json", "never.json");
        assertThat(huge.code).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(huge.err.strip().lines()).hasSize(1);
        assertThat(huge.err).contains("--pool-size: 2147483647 is not in [1, 8500]");
        assertThat(Path.of("never.json")).doesNotExist();
    }

    @Test
    void the_pool_is_read_in_file_name_order() throws Exception {
        Path dir = DataPaths.distillPool(dev.llmnas.examples.PaperDefaults.dataFolder());
        var space = dev.llmnas.core.spaces.HatSpaces.wmt14ende();
        var pool = PredictorsCommand.readPool(dir, space, 501);
        var first = dev.llmnas.core.data.LlmasJsonl.read(dir.resolve("111.jsonl"), space);
        var second = dev.llmnas.core.data.LlmasJsonl.read(dir.resolve("122.jsonl"), space);
        assertThat(pool.subList(0, 500)).isEqualTo(first.stream().map(r -> r.architecture()).toList());
        assertThat(pool.get(500)).isEqualTo(second.get(0).architecture());
    }

    @Test
    void a_json_path_that_cannot_be_written_is_a_usage_error_before_any_work(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        Run underFile = run("predictors", "--pool-size", "20", "--json", file.resolve("rows.json").toString());
        assertThat(underFile.code).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(underFile.err.strip()).isEqualTo("error: --json: cannot write " + file.resolve("rows.json") + ": "
                + file + " is not a directory");
        assertThat(underFile.out).as("nothing computed").isEmpty();

        Run directory = run("predictors", "--pool-size", "20", "--json", tmp.toString());
        assertThat(directory.code).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(directory.err).contains("--json: cannot write " + tmp + ": it is a directory");
        assertThat(directory.out).isEmpty();
        assertThat(tmp).isDirectoryContaining(p -> p.equals(file)).isDirectoryNotContaining(p -> !p.equals(file));
    }

    @Test
    void a_json_path_in_a_directory_nobody_can_create_fails_naming_the_directory() {
        // /proc refuses new entries even to root, for whom the permission bits alone say yes
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
        Run run = run("predictors", "--pool-size", "20", "--json", "/proc/x/y");
        assertThat(run.code).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(run.err.strip()).isEqualTo("error: --json: cannot write /proc/x/y: directory /proc/x does not exist"
                + " and cannot be created (/proc is not writable)");
        assertThat(run.out).isEmpty();
    }

    @Test
    void a_json_path_in_directories_yet_to_be_made_passes_the_check_and_creates_nothing(@TempDir Path tmp) {
        OutputPaths.writableFile(tmp.resolve("a/b/rows.json"), "--json");
        assertThat(tmp).isEmptyDirectory();
    }

    private static List<String> labels(JsonNode rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.path("predictor").asText()));
        return out;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        Cli.Run r = Cli.run(args);
        return new Run(r.code(), r.out(), r.err());
    }
}
