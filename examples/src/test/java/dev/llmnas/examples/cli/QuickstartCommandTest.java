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
        var r = DescribeCommandTest.run("quickstart", "--teacher", "fewshot", "--pool-size", "300", "--no-progress",
                "--out", tmp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("OFFLINE DEFAULT").contains("Kendall tau").contains("expensive calls")
                .contains("wall time");
        JsonNode json = JSON.readTree(tmp.resolve("quickstart.json").toFile());
        assertThat(json.get("teacher").asText()).startsWith("OFFLINE DEFAULT");
        // the reported accuracy is the table's, for the architecture reported
        NatsBench table = NatsBench.load(DataPaths.natsBench(dev.llmnas.examples.PaperDefaults.dataFolder()));
        var best = Nb201Space.parse(json.at("/best/arch_string").asText());
        assertThat(json.at("/best/true_accuracy").asDouble())
                .isEqualTo(table.accuracy(best, NatsBench.Dataset.CIFAR10));
        assertThat(Nb201Space.space().metric(best, Nb201Space.CELL_PARAMS)).isLessThanOrEqualTo(9216);
        assertThat(json.at("/best/regret").asDouble()).isGreaterThanOrEqualTo(0);
        // the point of the method: the hybrid makes strictly fewer expensive calls than full evolution
        assertThat(json.get("hybrid_expensive_calls").asLong()).isPositive()
                .isLessThan(json.get("evolution_expensive_calls").asLong());
        // the run's settings are fields, not only free text
        assertThat(json.get("seed").asLong()).isEqualTo(1);
        assertThat(json.get("pool_size").asInt()).isEqualTo(300);
        assertThat(json.get("teacher_kind").asText()).isEqualTo("fewshot");
        assertThat(json.at("/constraint/metric").asText()).isEqualTo("cell-params");
        assertThat(json.at("/constraint/relation").asText()).isEqualTo("<=");
        assertThat(json.at("/constraint/bound").asDouble()).isEqualTo(9216);
        assertThat(json.at("/versions/java").asText()).isNotBlank();
        assertThat(json.at("/versions/llmnas").asText()).isNotBlank();
        assertThat(r.err()).doesNotContain("best ");     // --no-progress draws nothing
        try (var files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("quickstart.json", "trajectory.png", "distilled-vs-true.png");
        }
        // two panels: predicted and true scores are not drawn on one axis
        java.awt.image.BufferedImage trajectory = javax.imageio.ImageIO.read(tmp.resolve("trajectory.png").toFile());
        assertThat(trajectory.getHeight()).isEqualTo(900);
        assertThat(tmp.resolve("trajectory.png")).isNotEmptyFile();
        assertThat(tmp.resolve("distilled-vs-true.png")).isNotEmptyFile();
        assertThat(Files.readAllBytes(tmp.resolve("trajectory.png"))).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void quickstart_on_the_hat_space_checks_the_distilled_predictor_against_the_split_test_set() throws Exception {
        var r = DescribeCommandTest.run("quickstart", "--space", "hat-wmt14ende", "--teacher", "fewshot",
                "--pool-size", "200", "--no-progress", "--constraint", "flops<=2.8e9", "--out", tmp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("STAND-IN").containsPattern("efficiency: +\\d\\.\\d\\d GFLOPs, \\d+\\.\\d M params, \\d+\\.\\d M embedding params")
                .doesNotContainPattern("efficiency:.*\\dE\\d");
        JsonNode json = JSON.readTree(tmp.resolve("quickstart.json").toFile());
        assertThat(json.at("/distilled_quality/n").asInt()).isEqualTo(20);
        assertThat(json.at("/best/metrics/flops").asDouble()).isLessThanOrEqualTo(2.8e9);
        assertThat(json.at("/constraint/text").asText()).isEqualTo("flops <= 2.8E9");
        assertThat(json.at("/constraint/bound").asDouble()).isEqualTo(2.8e9);
        assertThat(json.get("split").asInt()).isEqualTo(123);
        assertThat(json.get("expensive_predictor").asText()).startsWith("stand-in");
    }

    @Test
    void a_bad_constraint_is_a_one_line_usage_error_naming_the_allowed_metrics_and_creates_no_folder() {
        Path out = tmp.resolve("new-folder");
        var r = DescribeCommandTest.run("quickstart", "--constraint", "latency<=3", "--no-progress",
                "--out", out.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).startsWith("error: --constraint: metric 'latency' is not one of [convs, cell-params]")
                .doesNotContain("\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void an_llm_teacher_without_a_configured_model_is_refused_before_any_work_naming_the_option() {
        Path out = tmp.resolve("never");
        var r = DescribeCommandTest.run("quickstart", "--teacher", "llm", "--pool-size", "100", "--no-progress",
                "--out", out.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("error: --teacher: 'llm' needs an LLM configured in the environment: set"
                + " OPENAI_API_KEY").endsWith("; or use --teacher auto, fewshot or fewshot:encoding" + System.lineSeparator());
        assertThat(out).doesNotExist();
    }

    @Test
    void a_failed_run_leaves_the_output_folder_as_it_was() throws Exception {
        Path out = Files.createDirectory(tmp.resolve("earlier-run"));
        Files.writeString(out.resolve("quickstart.json"), "{\"earlier\": true}");
        Files.writeString(out.resolve("trajectory.png"), "earlier plot");
        // --teacher llm whose server refuses the key fails after the work has started (the pool is drawn)
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        server.createContext("/v1/chat/completions", ex -> {
            requests.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            byte[] body = "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        java.util.Map<String, String> env = java.util.Map.of("OPENAI_API_KEY", "sk-refused-test-key",
                "OPENAI_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "OPENAI_MODEL",
                "test-model");
        Path fresh = tmp.resolve("fresh").resolve("deeper");
        Cli.Run r;
        Cli.Run inFresh;
        try {
            r = Cli.run(env, "quickstart", "--teacher", "llm", "--pool-size", "100", "--no-progress", "--out",
                    out.toString());
            inFresh = Cli.run(env, "quickstart", "--teacher", "llm", "--pool-size", "100", "--no-progress", "--out",
                    fresh.toString());
        } finally {
            server.stop(0);
        }
        assertThat(requests.get()).as("the run had started: the LLM was asked").isPositive();
        assertThat(r.code()).as(r.err()).isNotZero();
        assertThat(r.err().strip().lines()).hasSize(1);
        try (var files = Files.list(out)) {
            // the LLM answer cache is kept on purpose (answers paid for are not lost); the outputs are untouched
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> !f.equals("llm-cache.jsonl")))
                    .containsExactlyInAnyOrder("quickstart.json", "trajectory.png");
        }
        assertThat(Files.readString(out.resolve("quickstart.json"))).isEqualTo("{\"earlier\": true}");
        assertThat(Files.readString(out.resolve("trajectory.png"))).isEqualTo("earlier plot");
        // and a new folder gets none of the outputs
        assertThat(inFresh.code()).isEqualTo(r.code());
        if (Files.exists(fresh)) {
            try (var files = Files.list(fresh)) {
                assertThat(files.map(f -> f.getFileName().toString())).containsOnly("llm-cache.jsonl");
            }
        }
    }

    @Test
    void an_unknown_space_or_teacher_is_a_usage_error() {
        var space = DescribeCommandTest.run("quickstart", "--space", "hat-wmt14end", "--out", tmp.toString());
        assertThat(space.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(space.err().strip()).isEqualTo("error: --space: 'hat-wmt14end' is not one of [nb201, hat-wmt14ende,"
                + " hat-wmt14enfr, hat-wmt19ende]");
        var r = DescribeCommandTest.run("quickstart", "--teacher", "oracle", "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err()).contains("--teacher: 'oracle' is not one of [auto, fewshot, fewshot:encoding, llm]");
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
    void options_of_the_other_space_and_impossible_pools_are_refused_before_any_work() throws Exception {
        var r = DescribeCommandTest.run("quickstart", "--space", "hat-wmt14ende", "--dataset", "cifar100",
                "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).isEqualTo("error: --dataset: only applies to --space nb201, not to --space hat-wmt14ende");
        assertThat(DescribeCommandTest.run("quickstart", "--split", "456", "--out", tmp.toString()).err())
                .contains("--split: only applies to the HAT spaces");
        // old spellings still work and are named as typed
        assertThat(DescribeCommandTest.run("quickstart", "--split-seed", "456", "--out", tmp.toString()).err())
                .contains("--split-seed: only applies to the HAT spaces");
        var big = DescribeCommandTest.run("quickstart", "--pool-size", "100000000", "--out", tmp.toString());
        assertThat(big.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(big.err()).contains("--pool-size: 100000000 is not in [20, 14000]");
        assertThat(DescribeCommandTest.run("quickstart", "--space", "hat-wmt14ende", "--pool", "9000",
                "--out", tmp.toString()).err()).contains("--pool: 9000 is not in [20, 8500]");
        try (var files = Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
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
        var r = DescribeCommandTest.run("quickstart", "--pool-size", "abc");
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).isEqualTo(
                "error: Invalid value for option '--pool-size': 'abc' is not an int (see 'llmnas quickstart --help')");
        var none = DescribeCommandTest.run();
        assertThat(none.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(none.err().strip()).isEqualTo("error: Missing required subcommand (see 'llmnas --help')");
    }
}
