package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.llmnas.core.data.DataPaths;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code label} command end to end: the real pool file, the real LangChain4j OpenAI client, and a small
 * chat-completions server on the loopback interface that answers with a number derived from the prompt.
 */
class LabelCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path POOL = DataPaths.distillPool(dev.llmnas.examples.PaperDefaults.dataFolder()).resolve("111.jsonl");

    @TempDir
    Path dir;

    private HttpServer server;
    private ExecutorService executor;
    private final AtomicInteger requests = new AtomicInteger();
    /** When set, the server holds every answer until it is opened. */
    private volatile CountDownLatch hold;
    private final CountDownLatch arrived = new CountDownLatch(1);
    private String baseUrl;
    private String stdout;
    private String stderr;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", ex -> {
            requests.incrementAndGet();
            arrived.countDown();
            CountDownLatch gate = hold;
            if (gate != null) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            JsonNode body = JSON.readTree(ex.getRequestBody());
            String prompt = body.path("messages").get(0).path("content").asText();
            // A deterministic "LLM": 20 + (prompt length mod 1000) / 100, always within the plausible range.
            String content = String.format(java.util.Locale.ROOT, "%.2f", 20 + (prompt.length() % 1000) / 100.0);
            ObjectNode root = JSON.createObjectNode();
            root.put("id", "x").put("object", "chat.completion").put("created", 1).put("model", "test-model");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", content);
            root.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 2).put("total_tokens", 102);
            byte[] bytes = root.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Runs with an environment that configures no LLM (whatever the machine's own environment holds). */
    private int run(String... args) {
        Cli.Run r = Cli.run(Map.of(), args);
        stdout = r.out();
        stderr = r.err();
        return r.code();
    }

    @Test
    void a_base_url_that_is_not_http_names_the_option_and_the_value_and_writes_nothing() {
        Path out = dir.resolve("never.jsonl");
        int code = run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", out.toString(),
                "--base-url", "localhost:8000/v1", "--no-progress");
        assertThat(code).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr.strip()).isEqualTo("error: --base-url: 'localhost:8000/v1' is not an http(s) URL; it must"
                + " start with http:// or https://, e.g. http://localhost:8000/v1");
        assertThat(out).doesNotExist();
    }

    @Test
    void labels_the_pool_writing_each_record_with_score_and_model_and_a_rerun_makes_no_calls() throws Exception {
        Path out = dir.resolve("labels.jsonl");
        int code = run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", out.toString(),
                "--limit", "20", "--concurrency", "4", "--base-url", baseUrl, "--model", "test-model");
        assertThat(code).as(stderr).isZero();
        assertThat(requests.get()).isEqualTo(20);
        assertThat(stdout).contains("labelled 20 of 20 architectures");
        assertThat(stderr).contains("model: OpenAI-compatible model 'test-model'", "20/20 architectures");
        List<String> in = Files.readAllLines(POOL).subList(0, 20);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(20);
        for (int i = 0; i < 20; i++) {
            JsonNode src = JSON.readTree(in.get(i));
            JsonNode got = JSON.readTree(lines.get(i));
            assertThat(got.get("scratch")).isEqualTo(src.get("scratch"));
            assertThat(got.get("score").asDouble()).isBetween(20.0, 30.0);
            assertThat(got.get("model").asText()).isEqualTo("test-model");
        }
        assertThat(Files.exists(dir.resolve("labels.jsonl.cache.jsonl"))).isTrue();

        Path again = dir.resolve("again.jsonl");
        code = run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", again.toString(),
                "--cache", dir.resolve("labels.jsonl.cache.jsonl").toString(), "--limit", "20",
                "--base-url", baseUrl, "--model", "test-model", "--replay-only");
        assertThat(code).as(stderr).isZero();
        assertThat(requests.get()).isEqualTo(20);
        assertThat(Files.readAllLines(again)).isEqualTo(lines);
    }

    @Test
    void replay_only_without_any_model_configured_uses_the_model_in_the_cache() throws Exception {
        Path out = dir.resolve("labels.jsonl");
        assertThat(run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", out.toString(),
                "--limit", "5", "--base-url", baseUrl, "--model", "test-model")).as(stderr).isZero();
        Path replayed = dir.resolve("replayed.jsonl");
        int code = run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", replayed.toString(),
                "--cache", dir.resolve("labels.jsonl.cache.jsonl").toString(), "--limit", "5", "--replay-only");
        assertThat(code).as(stderr).isZero();
        assertThat(stderr).contains("replaying openai/test-model");
        assertThat(Files.readAllLines(replayed)).isEqualTo(Files.readAllLines(out));
        assertThat(requests.get()).isEqualTo(5);
    }

    @Test
    void replay_only_fails_clearly_when_the_cache_lacks_answers() throws Exception {
        Path out = dir.resolve("labels.jsonl");
        assertThat(run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", out.toString(),
                "--limit", "2", "--base-url", baseUrl, "--model", "test-model")).as(stderr).isZero();
        int code = run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", out.toString(),
                "--limit", "3", "--base-url", baseUrl, "--model", "test-model", "--replay-only");
        assertThat(code).isEqualTo(LlmnasCli.EXIT_FAILURE);
        assertThat(stderr).contains("1 architecture could not be labelled: replay-only: no cached answer",
                "line: " + POOL + ":3");
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void replay_only_with_a_missing_cache_is_a_usage_error_and_creates_nothing() {
        Path cacheFile = dir.resolve("no-such-dir").resolve("c.jsonl");
        int code = run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out",
                dir.resolve("o.jsonl").toString(), "--cache", cacheFile.toString(), "--limit", "3", "--base-url",
                baseUrl, "--model", "test-model", "--replay-only");
        assertThat(code).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--cache: cache file not found: " + cacheFile
                + " (replay needs the answers of an earlier run)");
        assertThat(dir.resolve("no-such-dir")).doesNotExist();
        assertThat(dir.resolve("o.jsonl")).doesNotExist();
        assertThat(requests.get()).isZero();
    }

    @Test
    void an_unreachable_endpoint_stops_the_run_early_with_one_summarised_reason() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path out = dir.resolve("labels.jsonl");
        int code = run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", out.toString(),
                "--limit", "20", "--base-url", "http://127.0.0.1:" + port + "/v1", "--model", "test-model");
        assertThat(code).isEqualTo(LlmnasCli.EXIT_FAILURE);
        assertThat(stderr).contains("20 architectures could not be labelled: connection refused (is the model"
                + " server running and the base URL right?)", "lines: " + POOL + ":1, " + POOL + ":2, " + POOL + ":3, ...");
        assertThat(stderr.lines().filter(l -> l.contains("connection refused"))).hasSizeLessThanOrEqualTo(2);
        assertThat(stdout).contains("INCOMPLETE: labelled 0 of 20", "labels.incomplete.jsonl", "20 missing");
        assertThat(out).doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("labels.incomplete.jsonl"))).isEmpty();
    }

    @Test
    void an_empty_or_malformed_pool_is_a_usage_error_that_leaves_no_file_behind() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n");
        Path out = dir.resolve("o.jsonl");
        assertThat(run("label", "--task", "wmt14ende", "--pool", empty.toString(), "--out", out.toString(),
                "--base-url", baseUrl, "--model", "test-model")).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--pool: " + empty + " holds no architectures");
        Path bad = dir.resolve("bad.jsonl");
        Files.write(bad, List.of(Files.readAllLines(POOL).get(0), "{broken"));
        assertThat(run("label", "--task", "wmt14ende", "--pool", bad.toString(), "--out", out.toString(),
                "--base-url", baseUrl, "--model", "test-model")).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains(bad + ":2");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("empty.txt", "bad.jsonl");
        }
        assertThat(requests.get()).isZero();
    }

    @Test
    void rate_and_budget_errors_name_the_option() {
        assertThat(run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", "x", "--rpm", "-1",
                "--base-url", baseUrl)).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--rpm: -1.0 is not in [0.001, 1000000]").doesNotContain("requestsPerMinute");
        assertThat(run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", "x", "--rpm", "1e-300",
                "--base-url", baseUrl)).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--rpm: 1.0E-300 is not in [0.001, 1000000]");
        assertThat(run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", "x", "--max-wait", "-5",
                "--base-url", baseUrl)).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--max-wait: -5.0 is not in [0, 604800] seconds");
        assertThat(run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", "x", "--max-calls", "-1",
                "--base-url", baseUrl)).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--max-calls: -1 must be at least 0").doesNotContain("maxCalls");
        assertThat(run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", "x", "--samples", "0",
                "--base-url", baseUrl)).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--samples: 0 is not in [1, 100]");
        assertThat(Path.of("x")).doesNotExist();
        assertThat(requests.get()).isZero();
    }

    @Test
    void bad_input_exits_with_a_usage_error_naming_the_option() {
        assertThat(run("label", "--task", "wmt16roen", "--pool", POOL.toString(), "--out", "x.jsonl"))
                .isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--task: 'wmt16roen' is not one of [wmt14ende, wmt14enfr, wmt19ende]");
        assertThat(run("label", "--task", "wmt14ende", "--pool", dir.resolve("missing.jsonl").toString(), "--out", "x"))
                .isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--pool:").contains("is not a file");
        assertThat(run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", "x", "--split", "5"))
                .isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--split: 5 is not one of [123, 456, 789]");
        // the old spelling still works, and is named as typed
        assertThat(run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", "x", "--seed", "5"))
                .isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--seed: 5 is not one of");
        // the old and the new spelling with different splits, in either order, are refused rather than one silently winning
        assertThat(run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", "x", "--seed", "456",
                "--split", "789")).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--seed: 456 (the old spelling of --split) conflicts with --split 789");
        assertThat(run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", "x", "--split", "789",
                "--seed", "456")).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--seed: 456 (the old spelling of --split) conflicts with --split 789");
        assertThat(run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", "x", "--concurrency",
                "100000")).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--concurrency: 100000 is not in [1, 256]");
        assertThat(requests.get()).isZero();
    }

    @Test
    void without_a_model_and_without_replay_it_says_how_to_configure_one() {
        int code = run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out",
                dir.resolve("o.jsonl").toString());
        assertThat(code).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("no LLM configured: set OPENAI_API_KEY");
        assertThat(stderr.strip().lines()).hasSize(1);
        assertThat(dir.resolve("o.jsonl.cache.jsonl")).doesNotExist();
    }

    @Test
    void the_model_comes_from_the_injected_environment_not_the_machines() throws Exception {
        Path out = dir.resolve("env.jsonl");
        Cli.Run r = Cli.run(Map.of("OPENAI_BASE_URL", baseUrl, "OPENAI_API_KEY", "sk-test-not-a-secret",
                "OPENAI_MODEL", "env-model"), "label", "--task", "wmt14ende", "--pool", POOL.toString(),
                "--out", out.toString(), "--limit", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("'env-model'").doesNotContain("sk-test-not-a-secret");
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void each_input_record_passes_through_unchanged_apart_from_the_added_fields() throws Exception {
        Path out = dir.resolve("labels.jsonl");
        assertThat(run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", out.toString(),
                "--limit", "5", "--base-url", baseUrl, "--model", "test-model")).as(stderr).isZero();
        List<String> in = Files.readAllLines(POOL).subList(0, 5);
        List<String> lines = Files.readAllLines(out);
        assertThat(in.get(0)).contains("\"total_flops\": 2858319528.0}");
        for (int i = 0; i < 5; i++) {
            String src = in.get(i).strip();
            assertThat(lines.get(i)).startsWith(src.substring(0, src.length() - 1))
                    .matches(".*, \"score\": [0-9.]+, \"model\": \"test-model\"}");
        }
        assertThat(lines.get(0)).contains("2858319528.0").doesNotContain("E9");
    }

    @Test
    void a_pool_record_that_already_holds_a_label_is_refused_before_any_call_or_file() throws Exception {
        List<String> three = Files.readAllLines(POOL).subList(0, 3);
        String labelled = three.get(1).strip();
        labelled = labelled.substring(0, labelled.length() - 1) + ", \"score\": 25.0}";
        Path pool = Files.write(dir.resolve("labelled.jsonl"), List.of(three.get(0), labelled, three.get(2)));
        Path out = dir.resolve("relabelled.jsonl");
        assertThat(run("label", "--task", "wmt14ende", "--pool", pool.toString(), "--out", out.toString(),
                "--base-url", baseUrl, "--model", "test-model")).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr.lines()).hasSize(1);
        assertThat(stderr).contains(pool + ":2: already holds 'score'");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("labelled.jsonl");
        }
        assertThat(requests.get()).isZero();
    }

    @Test
    void a_pool_that_starts_with_a_byte_order_mark_is_accepted() throws Exception {
        Path bom = dir.resolve("bom.jsonl");
        List<String> two = Files.readAllLines(POOL).subList(0, 2);
        Files.writeString(bom, "\uFEFF" + String.join("\n", two) + "\n");
        Path out = dir.resolve("bom-labels.jsonl");
        assertThat(run("label", "--task", "wmt14ende", "--pool", bom.toString(), "--out", out.toString(),
                "--base-url", baseUrl, "--model", "test-model")).as(stderr).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"scratch\"");
    }

    @Test
    void an_output_or_cache_that_is_the_pool_is_refused_and_the_pool_stays_as_it_was() throws Exception {
        Path pool = dir.resolve("p.jsonl");
        Files.write(pool, Files.readAllLines(POOL).subList(0, 3));
        byte[] before = Files.readAllBytes(pool);
        assertThat(run("label", "--task", "wmt14ende", "--pool", pool.toString(), "--out", pool.toString(),
                "--base-url", baseUrl, "--model", "test-model")).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--out: " + pool + " is the same file as --pool");
        // the same file by another spelling
        Path other = dir.resolve("sub").resolve("..").resolve("p.jsonl");
        assertThat(run("label", "--task", "wmt14ende", "--pool", pool.toString(), "--out", other.toString(),
                "--base-url", baseUrl, "--model", "test-model")).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(run("label", "--task", "wmt14ende", "--pool", pool.toString(), "--out",
                dir.resolve("o.jsonl").toString(), "--cache", pool.toString(), "--base-url", baseUrl, "--model",
                "test-model")).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--cache: " + pool + " is the same file as --pool").doesNotContain("damaged");
        assertThat(Files.readAllBytes(pool)).isEqualTo(before);
        assertThat(dir.resolve("o.jsonl")).doesNotExist();
        assertThat(requests.get()).isZero();
    }

    @Test
    void a_second_run_aiming_at_an_output_another_run_holds_is_refused() throws Exception {
        Path out = dir.resolve("labels.jsonl");
        try (OutputTransaction first = new OutputTransaction()) {
            first.claim(out, "--out");
            int code = run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", out.toString(),
                    "--cache", dir.resolve("other-cache.jsonl").toString(), "--limit", "2", "--base-url", baseUrl,
                    "--model", "test-model");
            assertThat(code).isEqualTo(LlmnasCli.EXIT_USAGE);
            assertThat(stderr).contains("--out: " + out + " is being written by another llmnas run");
        }
        assertThat(requests.get()).isZero();
        assertThat(run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", out.toString(),
                "--limit", "2", "--base-url", baseUrl, "--model", "test-model")).as(stderr).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("labels.jsonl", "labels.jsonl.cache.jsonl");
        }
    }

    @Test
    void a_cache_that_cannot_be_opened_is_a_usage_error_saying_why() throws Exception {
        Path cacheDir = Files.createDirectory(dir.resolve("cache-dir"));
        assertThat(run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out",
                dir.resolve("o.jsonl").toString(), "--cache", cacheDir.toString(), "--base-url", baseUrl,
                "--model", "test-model")).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--cache: " + cacheDir + " is a directory, not a cache file");

        Path readOnly = Files.writeString(dir.resolve("ro-cache.jsonl"), "");
        Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        assumeThat(Files.isWritable(readOnly)).as("permissions do not apply to root").isFalse();
        assertThat(run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out",
                dir.resolve("o.jsonl").toString(), "--cache", readOnly.toString(), "--base-url", baseUrl,
                "--model", "test-model")).isEqualTo(LlmnasCli.EXIT_USAGE);
        assertThat(stderr).contains("--cache: cannot open " + readOnly + ": permission denied");
        assertThat(dir.resolve("o.jsonl")).doesNotExist();
        assertThat(requests.get()).isZero();
    }

    @Test
    void two_runs_with_the_same_output_do_not_mix_the_second_is_refused_while_the_first_runs() throws Exception {
        Path out = dir.resolve("labels.jsonl");
        hold = new CountDownLatch(1);
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            Future<Cli.Run> running = first.submit(() -> Cli.run("label", "--task", "wmt14ende", "--pool",
                    POOL.toString(), "--out", out.toString(), "--cache", dir.resolve("cache-a.jsonl").toString(),
                    "--limit", "4", "--concurrency", "1", "--base-url", baseUrl, "--model", "model-a"));
            arrived.await();      // the first run is labelling: it holds its output
            int code = run("label", "--task", "wmt14ende", "--pool", POOL.toString(), "--out", out.toString(),
                    "--cache", dir.resolve("cache-b.jsonl").toString(), "--limit", "4", "--base-url", baseUrl,
                    "--model", "model-b");
            assertThat(code).isEqualTo(LlmnasCli.EXIT_USAGE);
            assertThat(stderr).contains("--out: " + out + " is being written by another llmnas run");
            assertThat(dir.resolve("cache-b.jsonl")).doesNotExist();
            hold.countDown();
            Cli.Run a = running.get();
            assertThat(a.code()).as(a.err()).isZero();
        } finally {
            hold.countDown();
            first.shutdownNow();
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(4).allMatch(l -> l.endsWith("\"model\": \"model-a\"}"));
    }
}
