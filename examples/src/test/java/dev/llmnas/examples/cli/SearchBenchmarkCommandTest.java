package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SearchBenchmarkCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Small settings so the command runs in about a second; the real run uses the defaults (30 x 125, 10 seeds). */
    private static final List<String> SMALL = List.of("--seeds", "2", "--iterations", "6", "--population", "25",
            "--pool-size", "150", "--rounds", "30", "--no-progress");

    private record Run(int code, String out, String err) {
    }

    private static Run run(List<String> args) {
        Cli.Run r = Cli.run(args.toArray(String[]::new));
        return new Run(r.code(), r.out(), r.err());
    }

    private static List<String> args(String... first) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(SMALL);
        return all;
    }

    @Test
    void compares_the_three_methods_and_writes_the_json_objects(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("nested/result.json");
        Run run = run(args("search-benchmark", "--dataset", "cifar10", "--json", out.toString()));

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("NAS-Bench-201 cifar10: true optimum 94.37%, 2 seeds, 6 x 25")
                .contains("random", "evolution", "hybrid[proxy:cifar100]", "hybrid vs evolution: ", "of evolution's expensive calls")
                .containsPattern("wall time \\d+\\.\\d+ s|wall time \\d+ min")
                .contains("wrote " + out);
        JsonNode doc = JSON.readTree(out.toFile());
        // self-describing: the library version, the command and every setting that affects the numbers
        assertThat(doc.path("llmnas_version").asText()).isEqualTo(dev.llmnas.core.LlmnasVersion.get()).isNotBlank();
        assertThat(doc.path("command").asText()).isEqualTo("search-benchmark");
        JsonNode settings = doc.path("settings");
        assertThat(settings.path("dataset").asText()).isEqualTo("cifar10");
        assertThat(settings.path("teacher").asText()).isEqualTo("proxy:cifar100");
        assertThat(settings.path("seeds").asInt()).isEqualTo(2);
        assertThat(settings.path("first_seed").asLong()).isEqualTo(1);
        assertThat(settings.path("iterations").asInt()).isEqualTo(6);
        assertThat(settings.path("population").asInt()).isEqualTo(25);
        assertThat(settings.path("switch_at").asDouble()).isEqualTo(0.5);
        assertThat(settings.path("deduplicate").asBoolean()).isFalse();
        assertThat(settings.path("pool_size").asInt()).isEqualTo(150);
        assertThat(settings.path("rounds").asInt()).isEqualTo(30);
        assertThat(settings.path("max_depth").asInt()).isEqualTo(6);
        assertThat(JSON.convertValue(settings.path("methods"), List.class)).containsExactly("random", "evolution",
                "hybrid");
        assertThat(settings.has("guided")).as("no guided method, no guided schedule").isFalse();
        assertThat(doc.path("optimum").asDouble()).isEqualTo(94.37, org.assertj.core.data.Offset.offset(0.01));
        // the rows as before, under methods
        JsonNode rows = doc.path("methods");
        assertThat(rows).hasSize(3);
        assertThat(rows.findValuesAsText("method")).containsExactly("random", "evolution", "hybrid[proxy:cifar100]");
        for (JsonNode row : rows) {
            for (String field : List.of("accuracy_mean", "accuracy_std", "regret_mean", "expensive_calls_mean")) {
                assertThat(row.path(field).isNumber()).as(field).isTrue();
            }
            assertThat(row.path("accuracy_mean").asDouble()).isBetween(50.0, 94.38);
            assertThat(row.path("regret_mean").asDouble()).isBetween(0.0, 44.37);
            assertThat(row.path("seeds").asInt()).isEqualTo(2);
        }
        // values a broken search would miss: with 2 seeds of 6 x 25 evolution and the hybrid end within half a
        // point of the optimum (measured: regret 0.14 and 0.28), and the hybrid beats random search on its budget
        double randomRegret = rows.get(0).path("regret_mean").asDouble();
        double evolutionRegret = rows.get(1).path("regret_mean").asDouble();
        double hybridRegret = rows.get(2).path("regret_mean").asDouble();
        assertThat(evolutionRegret).isLessThan(0.5);
        assertThat(hybridRegret).isLessThan(0.5).isLessThan(randomRegret);
        assertThat(rows.get(2).path("accuracy_mean").asDouble()).isGreaterThan(93.8);
        // random search gets exactly the hybrid's expensive budget; evolution ranks expensively from the start
        assertThat(rows.get(0).path("expensive_calls_mean").asDouble())
                .isEqualTo(rows.get(2).path("expensive_calls_mean").asDouble());
        assertThat(rows.get(1).path("expensive_calls_mean").asDouble())
                .isGreaterThan(rows.get(2).path("expensive_calls_mean").asDouble());
    }

    @Test
    void the_few_shot_teacher_is_charged_its_ten_demonstrations() {
        Run run = run(args("search-benchmark", "--dataset", "cifar100", "--teacher", "fewshot"));
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("hybrid[fewshot]").contains("NAS-Bench-201 cifar100");
        assertThat(run.out()).as("the teacher is named plainly: what it is fitted on")
                .contains("teacher fewshot (ridge on 10 demonstrations with their true accuracy:"
                        + " architecture encoding + efficiency metrics convs, cell-params; penalties chosen by"
                        + " leave-one-out on the demonstrations)");
    }

    @Test
    void bad_input_exits_2_with_one_line_naming_the_value() {
        Run dataset = run(args("search-benchmark", "--dataset", "mnist"));
        assertThat(dataset.code()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(dataset.err().strip()).isEqualTo("error: --dataset: 'mnist' is not one of [cifar10, cifar100,"
                + " imagenet16] (see 'llmnas search-benchmark --help')");
        Run teacher = run(args("search-benchmark", "--dataset", "cifar10", "--teacher", "proxy:cifar10"));
        assertThat(teacher.code()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(teacher.err()).startsWith("error: --teacher: 'proxy:cifar10' is the searched data set itself");
        Run seeds = run(List.of("search-benchmark", "--dataset", "cifar10", "--seeds", "0"));
        assertThat(seeds.code()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(seeds.err()).contains("seeds: 0");
        Run pool = run(List.of("search-benchmark", "--dataset", "cifar10", "--pool-size", "5"));
        assertThat(pool.code()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(pool.err()).contains("--pool-size: 5 is not in [10, 15625]");
        // the old spelling still works, and the message names it as typed
        Run oldPool = run(List.of("search-benchmark", "--dataset", "cifar10", "--pool", "5"));
        assertThat(oldPool.err()).contains("--pool: 5 is not in [10, 15625]");
        Run huge = run(List.of("search-benchmark", "--dataset", "cifar10", "--population", "2000000000"));
        assertThat(huge.code()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(huge.err().strip().lines()).hasSize(1);
        assertThat(huge.err()).contains("--population: 2000000000 is not in [5, 15625] (NAS-Bench-201 holds 15625"
                + " architectures)");
        Run iterations = run(List.of("search-benchmark", "--dataset", "cifar10", "--iterations", "2147483647"));
        assertThat(iterations.err()).contains("--iterations: 2147483647 is not in [1, 1000]");
    }

    @Test
    void writes_the_regret_curves_of_the_chosen_methods_as_json_and_png(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("curves");
        Run run = run(args("search-benchmark", "--dataset", "cifar10", "--teacher", "fewshot", "--methods",
                "guided,evolution,hybrid", "--first-seed", "101", "--screening", "3",
                "--per-generation", "4", "--patience", "2", "--refit", "none", "--ablation", "--curves", dir.toString(),
                "--variant", "p5=2,5,1.0,5", "--json", tmp.resolve("guided.json").toString()));

        assertThat(run.code()).as(run.err()).isZero();
        JsonNode settings = JSON.readTree(tmp.resolve("guided.json").toFile()).path("settings");
        assertThat(settings.path("teacher").asText()).isEqualTo("fewshot");
        assertThat(settings.path("first_seed").asLong()).isEqualTo(101);
        assertThat(JSON.convertValue(settings.path("methods"), List.class)).containsExactly("evolution", "hybrid",
                "guided");
        assertThat(settings.path("guided").toString()).isEqualTo(
                "{\"screening\":3,\"per_generation\":4,\"refit\":\"none\",\"patience\":2,\"raw_share\":0.7,"
                        + "\"disagreement\":{\"below_tau\":0.1,\"per_generation\":15}}");
        assertThat(settings.path("ablation").asBoolean()).isTrue();
        assertThat(settings.path("variants").path("p5").toString()).isEqualTo(
                "{\"screening\":2,\"per_generation\":5,\"refit\":\"ridge(1.0)\",\"patience\":5,\"raw_share\":0.0,"
                        + "\"disagreement\":\"none\"}");
        assertThat(settings.path("variants").path("no-patience").path("patience").asInt()).isZero();
        assertThat(run.out()).contains("seeds 101..102", "guided[fewshot]", "guided vs evolution: ",
                "guided schedule: screening 3, perGeneration 4, refit none, patience 2",
                "guided[fewshot] no-patience: screening 3, perGeneration 4, refit none, patience 0",
                "guided[fewshot] p5: screening 2, perGeneration 5, refit ridge(1.0), patience 5",
                "calls to mean regret <= 0.1").doesNotContainPattern("(?m)^random ");
        JsonNode doc = JSON.readTree(dir.resolve("cifar10-fewshot.json").toFile());
        assertThat(doc.get("first_seed").asLong()).isEqualTo(101);
        JsonNode curves = doc.get("curves");
        // report order, whatever the order asked for
        // the ablation skips the refit, which this schedule lacks already
        assertThat(curves.findValuesAsText("method")).containsExactly("evolution", "hybrid[fewshot]",
                "guided[fewshot]", "guided[fewshot] p5", "guided[fewshot] no-over-generation",
                "guided[fewshot] no-disagreement", "guided[fewshot] no-patience");
        for (JsonNode c : curves) {
            JsonNode calls = c.get("calls");
            JsonNode mean = c.get("mean_regret");
            assertThat(mean.size()).isEqualTo(calls.size()).isEqualTo(c.get("stderr").size())
                    .isEqualTo(c.get("p25").size());
            for (int i = 1; i < mean.size(); i++) {
                // best so far: the mean regret never rises with more calls
                assertThat(mean.get(i).asDouble()).isLessThanOrEqualTo(mean.get(i - 1).asDouble());
                assertThat(calls.get(i).asLong()).isEqualTo(calls.get(i - 1).asLong() + 1);
            }
        }
        // the few-shot hybrids' curves start after their 10 demonstrations
        assertThat(curves.get(2).get("calls").get(0).asLong()).isEqualTo(11);
        assertThat(curves.get(0).get("calls").get(0).asLong()).isEqualTo(1);
        byte[] png = Files.readAllBytes(dir.resolve("cifar10-fewshot.png"));
        assertThat(png).hasSizeGreaterThan(1000);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    void bad_guided_and_curve_options_exit_2_with_one_line_and_write_nothing(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("curves");
        List<List<String>> bad = List.of(
                List.of("--methods", "random,bohb"), List.of("--methods", "guided,guided"),
                List.of("--methods", "guided", "--screening", "0"),
                List.of("--methods", "guided", "--per-generation", "0"),
                List.of("--methods", "guided", "--patience", "-1"),
                List.of("--methods", "guided", "--refit", "-1"), List.of("--methods", "guided", "--refit", "ridge"),
                List.of("--methods", "hybrid", "--screening", "5"), List.of("--methods", "hybrid", "--ablation"),
                List.of("--methods", "guided", "--switch-at", "0"), List.of("--first-seed", "-3"),
                List.of("--methods", "guided", "--raw-share", "1.5"),
                List.of("--methods", "guided", "--variant", "x=1,10,1.0,0,2"),
                List.of("--methods", "hybrid", "--raw-share", "0.5"),
                List.of("--methods", "guided", "--disagreement", "0.1:100000"),
                List.of("--methods", "guided", "--disagreement", "2:15"),
                List.of("--methods", "evolution", "--screening", "3", "--disagreement", "none"));
        List<String> expected = List.of("--methods: 'bohb' in 'random,bohb' is not a method; allowed: random,"
                        + " evolution, hybrid, guided", "--methods: 'guided' is listed twice",
                "--screening: 0 is not in [1, 1000]", "--per-generation: 0 is not in [1, 15625]",
                "--patience: -1 is not in [0, 1000]", "--refit: '-1' is not allowed",
                "--refit: 'ridge' is not allowed", "only used with --methods including guided",
                "--ablation: only used with --methods including guided",
                "the guided schedule needs both phases", "--first-seed: -3 is not in [0, 1000000]",
                "--raw-share: 1.5 is not in [0, 1]", "--variant: 'x=1,10,1.0,0,2' is not allowed",
                "error: --raw-share: only used with --methods including guided, not hybrid",
                "--disagreement: '0.1:100000' is not allowed; give TAU:CALLS with TAU in [-1, 1] and CALLS in"
                        + " [1, 15625]",
                "--disagreement: '2:15' is not allowed",
                "error: --screening, --disagreement: only used with --methods including guided, not evolution");
        for (int i = 0; i < bad.size(); i++) {
            List<String> a = new java.util.ArrayList<>(List.of("search-benchmark", "--dataset", "cifar10",
                    "--curves", dir.toString()));
            a.addAll(bad.get(i));
            Run r = run(a);
            assertThat(r.code()).as(bad.get(i).toString()).isEqualTo(LlmnasCli.EXIT_USAGE);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).contains(expected.get(i));
        }
        assertThat(dir).doesNotExist();
        Files.writeString(tmp.resolve("file"), "x");
        Run notDir = run(List.of("search-benchmark", "--dataset", "cifar10", "--curves", tmp.resolve("file")
                .toString()));
        assertThat(notDir.code()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(notDir.err()).contains("--curves: cannot write").contains("it is a file, not a directory");
    }

    @Test
    void the_llm_teacher_without_a_configured_model_says_how_to_configure_one(@TempDir Path tmp) {
        Path json = tmp.resolve("never.json");
        Run r = run(args("search-benchmark", "--dataset", "cifar10", "--teacher", "llm", "--json", json.toString()));
        assertThat(r.code()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("error: --teacher: 'llm' is not configured").contains("OPENAI_API_KEY",
                "AZURE_OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OLLAMA_BASE_URL");
        assertThat(json).doesNotExist();
    }

    @Test
    void a_bad_teacher_names_the_option_the_value_and_the_allowed_forms(@TempDir Path tmp) {
        Path json = tmp.resolve("never.json");
        for (String bad : List.of("bogus", "proxy:mnist", "")) {
            Run r = run(args("search-benchmark", "--dataset", "cifar10", "--teacher", bad, "--json", json.toString()));
            assertThat(r.code()).as(bad).isEqualTo(LlmnasCli.EXIT_USAGE);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("error: --teacher: '" + bad + "' ")
                    .contains("allowed: proxy:<cifar10|cifar100|imagenet16> (a data set other than the one searched),"
                            + " fewshot, fewshot:encoding, llm");
        }
        assertThat(json).doesNotExist();
    }

    @Test
    void a_json_file_that_is_also_the_curves_folder_is_refused_before_any_work(@TempDir Path tmp) {
        Path same = tmp.resolve("out");
        Run r = run(args("search-benchmark", "--dataset", "cifar10", "--json", same.toString(), "--curves",
                same.toString()));
        assertThat(r.code()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).isEqualTo("error: --json: " + same + " is also the --curves folder; choose"
                + " another file or folder");
        assertThat(same).doesNotExist();
    }

    @Test
    void the_llm_teacher_labels_the_pool_through_an_openai_compatible_server_and_replays_its_cache(@TempDir Path tmp)
            throws Exception {
        List<String> prompts = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String prompt = JSON.readTree(body).path("messages").toString();
            prompts.add(prompt);
            // a score that depends on the architecture asked about, so the student has something to learn
            double score = 80 + Math.floorMod(prompt.hashCode(), 1000) / 100.0;
            byte[] reply = completion(String.format(java.util.Locale.ROOT, "%.2f", score)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        try {
            Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-test-not-a-secret",
                    "OPENAI_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                    "OPENAI_MODEL", "test-model");
            Path cache = tmp.resolve("llm-cache.jsonl");
            String[] argv = {"--dataset", "cifar10", "--teacher", "llm", "--llm-cache", cache.toString(), "--seeds", "1",
                "--iterations", "4", "--population", "10", "--pool", "20", "--rounds", "10", "--no-progress"};

            assertThat(execute(env, argv)).isZero();
            assertThat(prompts).hasSize(20);
            // the prompts show the 10 demonstrations with their true CIFAR-10 accuracy
            assertThat(prompts.get(0)).contains("nor_conv_3x3").contains("CIFAR-10");
            assertThat(Files.readAllLines(cache)).hasSize(20);

            assertThat(execute(env, argv)).isZero();
            assertThat(prompts).as("the second run answers from the cache").hasSize(20);
        } finally {
            server.stop(0);
        }
    }

    private static int execute(Map<String, String> env, String[] argv) {
        CommandLine cli = new CommandLine(new SearchBenchmarkCommand(env));
        cli.setOut(new java.io.PrintWriter(new ByteArrayOutputStream(), true));
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            throw ex;
        });
        return cli.execute(argv);
    }

    private static String completion(String content) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-test");
        root.put("object", "chat.completion");
        root.put("created", 1_700_000_000L);
        root.put("model", "test-model");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        root.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 2).put("total_tokens", 102);
        return root.toString();
    }
}
