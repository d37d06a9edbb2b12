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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table's LLM rows, replayed from a cache that a real OpenAI client filled against a local
 * chat-completions server: no key, no network, and no call during the replay.
 */
class PredictorsLlmRowsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void llm_rows_replay_from_the_cache_without_any_model_configured() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", ex -> {
            requests.incrementAndGet();
            JsonNode body = JSON.readTree(ex.getRequestBody());
            String prompt = body.at("/messages").get(body.at("/messages").size() - 1).get("content").asText();
            // a deterministic, architecture-dependent answer in the BLEU range of the demonstrations
            double score = 24 + Math.floorMod(prompt.hashCode(), 200) / 100.0;
            String reply = JSON.createObjectNode().put("id", "c").put("object", "chat.completion").put("model", "stub")
                    .set("choices", JSON.createArrayNode().add(JSON.createObjectNode().put("index", 0)
                            .put("finish_reason", "stop").set("message", JSON.createObjectNode()
                                    .put("role", "assistant").put("content", String.format(Locale.ROOT, "%.2f", score)))))
                    .toString();
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
        Path cache = tmp.resolve("answers.jsonl");
        Path data = dev.llmnas.examples.PaperDefaults.dataFolder();
        SearchSpace space = HatSpaces.wmt14ende();
        try {
            var configured = LlmModels.openAi().apiKey("sk-test").modelName("stub")
                    .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1").configure();
            for (var split : PredictorTable.splits(data, "wmt14ende", space, PaperDefaults.SEEDS, PaperDefaults.TRUTH)) {
                try (LlmPerformancePredictor llm = configured.predictorBuilder().space(space)
                        .task(TaskDescription.machineTranslation("wmt14ende"))
                        .demonstrations(Demonstration.fromLabelled(split.demonstrations(), PaperDefaults.TRUTH, space))
                        .cacheFile(cache).build()) {
                    llm.predictAll(PredictorTable.architectures(split.test()));
                    llm.predictAll(PredictorsCommand.readPool(DataPaths.distillPool(data), space, 20));
                }
            }
        } finally {
            server.stop(0);
        }
        int filled = requests.get();
        assertThat(filled).isPositive();

        Path out = tmp.resolve("table.json");
        var r = DescribeCommandTest.run("predictors", "--task", "wmt14ende", "--pool-size", "20", "--replay-only",
                "--llm-cache", cache.toString(), "--json", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("LLM-PP").contains("LLM-Distill-PP");
        assertThat(r.err()).contains("replaying").contains("stub");
        JsonNode rows = JSON.readTree(Files.readString(out));
        JsonNode llmRow = null;
        for (JsonNode row : rows) {
            if (row.get("predictor").asText().equals("LLM-PP")) {
                llmRow = row;
            }
        }
        assertThat(llmRow).isNotNull();
        assertThat(llmRow.get("mae_mean").asDouble()).isFinite().isPositive();
        assertThat(requests.get()).as("replay makes no call").isEqualTo(filled);
    }

    @Test
    void replay_with_an_empty_cache_is_a_clear_usage_error() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.jsonl"));
        var r = DescribeCommandTest.run("predictors", "--task", "wmt14ende", "--pool-size", "20", "--replay-only",
                "--llm-cache", empty.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err()).contains("--replay-only").contains("holds no answers");
    }

    @Test
    void replay_from_a_missing_cache_is_a_usage_error_that_creates_nothing() {
        Path missing = tmp.resolve("nope").resolve("x.jsonl");
        var r = DescribeCommandTest.run("predictors", "--pool-size", "20", "--replay-only", "--cache",
                missing.toString());
        assertThat(r.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(r.err().strip()).isEqualTo("error: --cache: cache file not found: " + missing
                + " (replay needs the answers of an earlier run)");
        assertThat(r.out()).isEmpty();
        assertThat(tmp.resolve("nope")).doesNotExist();

        var dir = DescribeCommandTest.run("predictors", "--pool-size", "20", "--replay-only", "--cache",
                tmp.toString());
        assertThat(dir.exit()).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(dir.err()).contains("--cache: " + tmp + " is a directory, not a cache file");
    }
}
