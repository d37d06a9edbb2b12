package dev.llmnas.examples.cli;

import dev.llmnas.examples.PaperDefaults;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.llm.Demonstration;
import dev.llmnas.llm.LlmModels;
import dev.llmnas.llm.LlmPerformancePredictor;
import dev.llmnas.llm.TaskDescription;
import dev.llmnas.predictors.PredictorTable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table when the LLM rows cannot be evaluated: every call refused, every answer the same, or a replay
 * that finds none of its answers. The whole table is still printed and written, the LLM rows say why they
 * have no figures, and only failed predictions make the exit code 1.
 */
class PredictorsFailingLlmTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void an_llm_that_answers_a_constant_gets_its_mae_and_an_unavailable_kendall_tau_in_text_and_json() throws Exception {
        Path cache = tmp.resolve("constant.jsonl");
        SearchSpace space = HatSpaces.wmt14ende();
        Path data = dev.llmnas.examples.PaperDefaults.dataFolder();
        try (Server server = Server.start(() -> "25.31")) {
            for (var split : PredictorTable.splits(data, "wmt14ende", space, PaperDefaults.SEEDS, PaperDefaults.TRUTH)) {
                try (LlmPerformancePredictor llm = llm(server, split).cacheFile(cache).build()) {
                    llm.predictAll(PredictorTable.architectures(split.test()));
                    llm.predictAll(PredictorsCommand.readPool(DataPaths.distillPool(data), space, 20));
                }
            }
        }
        Path out = tmp.resolve("table.json");
        var r = DescribeCommandTest.run("predictors", "--pool-size", "20", "--replay-only", "--cache",
                cache.toString(), "--json", out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("error:");
        assertThat(r.out()).containsPattern("\nLLM-PP\\s+\\d+\\.\\d\\d \\(\\d+\\.\\d\\d\\)\\s+n/a\\s+\\(constant predictions\\)")
                .containsPattern("\nNeuron-wise MoS \\(recorded\\)\\s+0\\.87 \\(0\\.02\\)\\s+0\\.79 \\(0\\.02\\)\n")
                .contains("wrote " + out);
        JsonNode llmPp = row(JSON.readTree(out.toFile()), "LLM-PP");
        assertThat(llmPp.get("mae_mean").asDouble()).isPositive();
        assertThat(llmPp.get("kendall_mean").isNull()).isTrue();
        assertThat(llmPp.get("kendall_std").isNull()).isTrue();
        assertThat(llmPp.get("kendall_by_seed")).allMatch(JsonNode::isNull);
        assertThat(llmPp.get("failed").asInt()).isZero();
        assertThat(llmPp.get("note").asText()).isEqualTo("constant predictions");
    }

    @Test
    void a_replay_that_finds_none_of_its_answers_prints_and_writes_the_whole_table_and_exits_1() throws Exception {
        // the cache knows the model but holds the answer to one unrelated prompt only: every lookup misses
        Path cache = tmp.resolve("unrelated.jsonl");
        SearchSpace space = HatSpaces.wmt14ende();
        PredictorTable.Split split = PredictorTable.splits(PaperDefaults.dataFolder(), "wmt14ende", space, PaperDefaults.SEEDS,
                PaperDefaults.TRUTH).get(0);
        try (Server server = Server.start(() -> "25.31");
             LlmPerformancePredictor llm = llm(server, split).cacheFile(cache).build()) {
            llm.predict(space.sample(new java.util.Random(7)));
        }
        Path out = tmp.resolve("table.json");
        var r = DescribeCommandTest.run("predictors", "--pool-size", "20", "--replay-only", "--cache",
                cache.toString(), "--json", out.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(LlmnasCli.EXIT_FAILURE);
        assertThat(r.out()).containsPattern("\nLLM-PP\\s+n/a\\s+n/a\\s+\\(60 of 60 predictions failed: ")
                .containsPattern("\nLLM-Distill-PP\\s+n/a\\s+n/a\\s+\\(60 of 60 predictions failed: seed 123: ")
                .containsPattern("\nDistill\\(Ridge \\+ efficiency\\)\\s+\\d+\\.\\d\\d \\(\\d+\\.\\d\\d\\)")
                .contains("wrote " + out);
        assertThat(r.err()).contains("error: predictions failed in 2 of 11 rows (LLM-PP, LLM-Distill-PP)");
        JsonNode rows = JSON.readTree(out.toFile());
        assertThat(rows).hasSize(11);
        for (String label : List.of("LLM-PP", "LLM-Distill-PP")) {
            JsonNode row = row(rows, label);
            assertThat(row.get("mae_mean").isNull()).as(label).isTrue();
            assertThat(row.get("kendall_mean").isNull()).as(label).isTrue();
            assertThat(row.get("failed").asInt()).as(label).isEqualTo(60);
            assertThat(row.get("predictions").asInt()).as(label).isEqualTo(60);
            assertThat(row.get("note").asText()).as(label).startsWith("60 of 60 predictions failed: ");
        }
        assertThat(row(rows, "HAT (recorded)").get("note").isNull()).isTrue();
        assertThat(row(rows, "HAT (recorded)").get("mae_mean").asDouble()).isPositive();
    }

    @Test
    void llm_rows_whose_every_call_is_refused_say_so_and_the_other_rows_are_computed() throws Exception {
        SearchSpace space = HatSpaces.wmt14ende();
        Path data = dev.llmnas.examples.PaperDefaults.dataFolder();
        List<PredictorTable.Split> splits = PredictorTable.splits(data, "wmt14ende", space, PaperDefaults.SEEDS, PaperDefaults.TRUTH);
        PredictorsCommand command = new PredictorsCommand();
        command.seed = 1;
        List<LlmPerformancePredictor> built = new ArrayList<>();
        List<PredictorTable.Row> rows;
        try (Server server = Server.start(() -> null)) {
            PredictorTable.Builder table = PredictorTable.builder("wmt14ende", splits, PaperDefaults.TRUTH).recorded("HAT", "HAT.valid_BLEU");
            command.addTeacherRows(table, "LLM-PP", "LLM-Distill-PP", space,
                    () -> PredictorsCommand.readPool(DataPaths.distillPool(data), space, 20), demos -> {
                        LlmPerformancePredictor llm = llm(server, splits.stream()
                                .filter(s -> s.demonstrations() == demos).findFirst().orElseThrow()).build();
                        built.add(llm);
                        return llm;
                    });
            try {
                rows = table.build().evaluate();
            } finally {
                built.forEach(LlmPerformancePredictor::close);
            }
            assertThat(server.requests.get()).as("the server was asked").isPositive();
        }
        String text = PredictorTable.format(rows);
        assertThat(text).containsPattern("\nHAT\\s+\\d\\.\\d\\d \\(\\d\\.\\d\\d\\)")
                .containsPattern("\nLLM-PP\\s+n/a\\s+n/a\\s+\\(60 of 60 predictions failed: .*HTTP 401")
                .containsPattern("\nLLM-Distill-PP\\s+n/a\\s+n/a\\s+\\(60 of 60 predictions failed: seed 123: .*HTTP 401")
                .doesNotContain("sk-refused")
                // the provider's echo of the key, partly masked, shows no fragment, and its raw body stays out
                .contains("Incorrect API key provided: [redacted]").doesNotContain("sk-refu").doesNotContain("used.")
                .doesNotContain("invalid_request_error");
        assertThat(rows.get(1).hasFailures()).isTrue();
        assertThat(rows.get(0).hasFailures()).isFalse();
    }

    private static LlmPerformancePredictor.Builder llm(Server server, PredictorTable.Split split) {
        SearchSpace space = HatSpaces.wmt14ende();
        return LlmModels.openAi().apiKey("sk-refused").modelName("stub").baseUrl(server.url()).configure()
                .predictorBuilder().space(space).task(TaskDescription.machineTranslation("wmt14ende"))
                .demonstrations(Demonstration.fromLabelled(split.demonstrations(), PaperDefaults.TRUTH, space));
    }

    private static JsonNode row(JsonNode rows, String label) {
        for (JsonNode row : rows) {
            if (row.get("predictor").asText().equals(label)) {
                return row;
            }
        }
        throw new AssertionError("no row " + label + " in " + rows);
    }

    /** A local chat-completions endpoint: answers every prompt with the supplier's text, or 401 when it gives null. */
    private record Server(HttpServer http, AtomicInteger requests) implements AutoCloseable {
        static Server start(Supplier<String> answer) throws IOException {
            AtomicInteger requests = new AtomicInteger();
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/v1/chat/completions", ex -> {
                requests.incrementAndGet();
                ex.getRequestBody().readAllBytes();
                String content = answer.get();
                byte[] bytes;
                int status;
                if (content == null) {
                    status = 401;
                    bytes = "{\"error\":{\"message\":\"Incorrect API key provided: sk-refu*****used.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"
                            .getBytes(StandardCharsets.UTF_8);
                } else {
                    status = 200;
                    bytes = JSON.createObjectNode().put("id", "c").put("object", "chat.completion").put("model", "stub")
                            .set("choices", JSON.createArrayNode().add(JSON.createObjectNode().put("index", 0)
                                    .put("finish_reason", "stop").set("message", JSON.createObjectNode()
                                            .put("role", "assistant").put("content", content))))
                            .toString().getBytes(StandardCharsets.UTF_8);
                }
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(status, bytes.length);
                ex.getResponseBody().write(bytes);
                ex.close();
            });
            http.start();
            return new Server(http, requests);
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/v1";
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
