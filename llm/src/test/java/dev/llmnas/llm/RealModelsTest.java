package dev.llmnas.llm;

import static dev.llmnas.llm.Fixtures.DEMOS;
import static dev.llmnas.llm.Fixtures.FAKE_KEY;
import static dev.llmnas.llm.Fixtures.SPACE;
import static dev.llmnas.llm.Fixtures.TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.PredictionBatch;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.LabelledArchitecture;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases of real use, through the real LangChain4j clients (OpenAI, Ollama, Azure OpenAI, Anthropic, Gemini)
 * against a local server speaking each protocol.
 */
class RealModelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Function<RecordedRequest, MockResponse> answer = r -> openAi("25.31");

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                return answer.apply(request);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    // ---- the wire formats ----------------------------------------------------------------------------------

    static MockResponse openAi(String content) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1_700_000_000L).put("model", "m");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        root.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 5).put("total_tokens", 105);
        return json(200, root.toString());
    }

    static MockResponse ollama(String content, String thinking) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", "m").put("created_at", "2025-01-01T00:00:00Z").put("done", true)
                .put("done_reason", "stop").put("prompt_eval_count", 100).put("eval_count", 5);
        ObjectNode m = root.putObject("message").put("role", "assistant").put("content", content);
        if (thinking != null) {
            m.put("thinking", thinking);
        }
        return json(200, root.toString());
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    private LlmModels.Configured openAiModel() {
        return LlmModels.openAi().baseUrl(server.url("/v1").toString()).apiKey(FAKE_KEY).modelName("m")
                .timeout(Duration.ofSeconds(10)).configure();
    }

    private LlmModels.Configured ollamaModel() {
        return LlmModels.ollama().baseUrl(server.url("/").toString()).modelName("m").timeout(Duration.ofSeconds(10))
                .configure();
    }

    private LlmPerformancePredictor.Builder predictor(LlmModels.Configured c) {
        return c.predictorBuilder().space(SPACE).task(TASK).demonstrations(DEMOS)
                .backoff(BackoffPolicy.defaults().withMaxRetries(3).withDelays(Duration.ofMillis(1), Duration.ofMillis(8)));
    }

    // ---- replies ---------------------------------------------------------------------------------------------

    static Stream<ReplyCorpus.Case> corpus() {
        return ReplyCorpus.CASES.stream();
    }

    private void expect(LlmModels.Configured model, ReplyCorpus.Case c) {
        try (LlmPerformancePredictor llm = predictor(model).maxRetries(0).build()) {
            Architecture a = Fixtures.pool(1).get(0);
            if (c.expected() == null) {
                assertThatThrownBy(() -> llm.predict(a)).isInstanceOf(PredictionException.class)
                        .hasMessageContaining("no usable BLEU in 1 reply");
            } else {
                assertThat(llm.predict(a)).isEqualTo(c.expected());
            }
        }
    }

    @ParameterizedTest(name = "OpenAI: {0}")
    @MethodSource("corpus")
    void every_reply_of_the_corpus_reads_the_same_through_the_openai_client(ReplyCorpus.Case c) {
        answer = r -> openAi(c.reply());
        expect(openAiModel(), c);
    }

    @ParameterizedTest(name = "Ollama: {0}")
    @MethodSource("corpus")
    void every_reply_of_the_corpus_reads_the_same_through_the_ollama_client(ReplyCorpus.Case c) {
        answer = r -> ollama(c.reply(), null);
        expect(ollamaModel(), c);
    }

    @Test
    void reasoning_in_a_separate_field_is_not_the_answer() {
        answer = r -> ollama("25.31", "Demonstration 3 scored 26.61 and number 7 24.50, so between them.");
        assertThat(predictor(ollamaModel()).build().predict(Fixtures.pool(1).get(0))).isEqualTo(25.31);
        ObjectNode withReasoning = (ObjectNode) readTree(openAi("25.31").getBody().readUtf8());
        ((ObjectNode) withReasoning.get("choices").get(0).get("message")).put("reasoning_content", "maybe 24 or 27");
        answer = r -> json(200, withReasoning.toString());
        assertThat(predictor(openAiModel()).build().predict(Fixtures.pool(1).get(0))).isEqualTo(25.31);
    }

    private static JsonNode readTree(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void an_ambiguous_reply_is_asked_again_and_the_next_answer_is_taken() {
        AtomicInteger n = new AtomicInteger();
        answer = r -> openAi(n.incrementAndGet() == 1 ? "25.1 or 26.3" : "25.7");
        try (LlmPerformancePredictor llm = predictor(openAiModel()).build()) {
            assertThat(llm.predict(Fixtures.pool(1).get(0))).isEqualTo(25.7);
            assertThat(llm.usage().parseFailures()).isEqualTo(1);
        }
    }

    @Test
    void a_structured_answer_is_requested_as_a_json_schema_and_read_from_its_field() throws Exception {
        answer = r -> openAi("{\"BLEU\": 25.31}");
        try (LlmPerformancePredictor llm = predictor(openAiModel()).structuredAnswer(true).build()) {
            assertThat(llm.predict(Fixtures.pool(1).get(0))).isEqualTo(25.31);
            JsonNode body = JSON.readTree(requests.get(0).getBody().readUtf8());
            assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_schema");
            assertThat(body.toString()).contains("\"BLEU\"");
            assertThat(llm.signature().extras()).containsEntry("response-format", "json-score");
        }
    }

    // ---- faults ----------------------------------------------------------------------------------------------

    @Test
    void a_429_for_an_exhausted_quota_is_one_request_with_a_clear_message() {
        answer = r -> json(429, "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and"
                + " billing details.\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}");
        try (LlmPerformancePredictor llm = predictor(openAiModel()).build()) {
            assertThatThrownBy(() -> llm.predict(Fixtures.pool(1).get(0))).isInstanceOf(PredictionException.class)
                    .hasMessageContaining("HTTP 429 (quota or billing exhausted")
                    .hasMessageNotContaining("rate limited");
        }
        assertThat(requests).hasSize(1);
    }

    @Test
    void client_errors_are_one_request_each() {
        for (int status : new int[] {400, 401, 403, 404}) {
            requests.clear();
            answer = r -> json(status, "{\"error\":{\"message\":\"no\"}}");
            try (LlmPerformancePredictor llm = predictor(openAiModel()).build()) {
                assertThatThrownBy(() -> llm.predict(Fixtures.pool(1).get(0))).hasMessageContaining("HTTP " + status);
            }
            assertThat(requests).as("HTTP %d", status).hasSize(1);
        }
    }

    @Test
    void retriable_statuses_are_retried() {
        for (int status : new int[] {408, 429, 500, 502, 503}) {
            requests.clear();
            AtomicInteger n = new AtomicInteger();
            answer = r -> n.incrementAndGet() == 1 ? json(status, "{\"error\":{\"message\":\"later\"}}") : openAi("25.31");
            try (LlmPerformancePredictor llm = predictor(openAiModel()).build()) {
                assertThat(llm.predict(Fixtures.pool(1).get(0))).isEqualTo(25.31);
            }
            assertThat(requests).as("HTTP %d", status).hasSize(2);
        }
    }

    @Test
    void a_bug_in_the_chat_model_is_one_call_not_a_retried_unreadable_response() {
        AtomicInteger calls = new AtomicInteger();
        ChatModel buggy = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                calls.incrementAndGet();
                throw new NullPointerException("Cannot invoke \"String.length()\" because \"s\" is null");
            }
        };
        try (LlmPerformancePredictor llm = LlmPerformancePredictor.builder().chatModel(buggy).provider("other")
                .modelName("buggy").space(SPACE).task(TASK).demonstrations(DEMOS).build()) {
            assertThatThrownBy(() -> llm.predict(Fixtures.pool(1).get(0))).isInstanceOf(PredictionException.class)
                    .hasMessageContaining("client error (a bug, not retried): java.lang.NullPointerException")
                    .hasMessageNotContaining("unreadable response");
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void a_huge_retry_after_is_capped_and_the_whole_wait_is_bounded_and_reported() {
        answer = r -> json(429, "{\"error\":{\"message\":\"Rate limit reached\"}}").setHeader("Retry-After", "100000");
        Fixtures.Waits waits = new Fixtures.Waits();
        try (LlmPerformancePredictor llm = predictor(openAiModel())
                .backoff(BackoffPolicy.defaults().withMaxRetries(10).withMaxRetryAfter(Duration.ofMillis(200)))
                .maxWait(Duration.ofMillis(500)).onWait(waits).build()) {
            assertThatThrownBy(() -> llm.predict(Fixtures.pool(1).get(0))).isInstanceOf(PredictionException.class)
                    .hasMessageContaining("HTTP 429 (rate limited)")
                    .hasMessageContaining("gave up after 3 attempts, 0.4 s of waiting")
                    .hasMessageContaining("Retry-After 100000.0 s")
                    .hasMessageContaining("0.5 s allowed per question");
        }
        assertThat(waits.waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200));
        assertThat(requests).hasSize(3);
    }

    @Test
    void concurrency_bounds_the_calls_in_flight_across_batches_and_threads_and_the_executor_is_injected()
            throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        answer = r -> {
            int now = inFlight.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(60);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return openAi("25.31");
        };
        ExecutorService pool = Executors.newFixedThreadPool(16);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try (LlmPerformancePredictor llm = predictor(openAiModel()).concurrency(3).executor(pool).build()) {
            List<Architecture> archs = Fixtures.pool(36);
            List<Future<double[]>> batches = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                List<Architecture> part = archs.subList(12 * b, 12 * b + 12);
                batches.add(callers.submit(() -> llm.predictAll(part)));
            }
            for (Future<double[]> f : batches) {
                assertThat(f.get()).hasSize(12).containsOnly(25.31);
            }
            assertThat(requests).hasSize(36);
            assertThat(most.get()).isBetween(1, 3);
        } finally {
            callers.shutdown();
        }
        assertThat(pool.isShutdown()).as("an injected executor is the caller's to stop").isFalse();
        pool.shutdown();
    }

    // ---- answers are never lost ------------------------------------------------------------------------------

    @Test
    void a_full_disk_during_labelling_stops_further_calls_and_says_how_many_answers_were_lost() throws Exception {
        Path file = dir.resolve("cache.jsonl");
        int[] appends = {0};
        ResponseCache.WriteHook full = (ch, bytes) -> {
            if (++appends[0] >= 4) {
                ch.write(java.nio.ByteBuffer.wrap(bytes, 0, bytes.length / 2), ch.size());
                throw new IOException("No space left on device");
            }
        };
        try (ResponseCache cache = ResponseCache.open(file, true, full);
             LlmPerformancePredictor llm = predictor(openAiModel()).cache(cache).concurrency(1).build()) {
            assertThatThrownBy(() -> llm.tryPredictAll(Fixtures.pool(20))).isInstanceOf(CacheWriteException.class)
                    .hasMessageContaining("No space left on device")
                    .hasMessageContaining("1 answer received but not stored (lost)")
                    .hasMessageContaining("no further calls are made");
        }
        assertThat(requests).hasSize(4);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        try (ResponseCache again = ResponseCache.open(file)) {
            assertThat(again.size()).isEqualTo(3);
        }
    }

    @Test
    void an_answer_cached_by_an_older_reading_of_a_decimal_comma_is_read_again() throws Exception {
        Path file = dir.resolve("cache.jsonl");
        Architecture a = Fixtures.pool(1).get(0);
        try (LlmPerformancePredictor llm = predictor(openAiModel()).cacheFile(file).build()) {
            String key = ResponseCache.key(llm.signature(), 0, llm.prompt(a));
            llm.cache().put(new ResponseCache.Entry(key, "openai", "m", 0.0, 0, a.key(), "25,31", 25.0, 1, 1));
            assertThat(llm.predict(a)).isEqualTo(25.31);
            assertThat(requests).isEmpty();
        }
    }

    // ---- plausible range -------------------------------------------------------------------------------------

    @Test
    void a_perfect_llm_answering_the_true_nb201_accuracies_labels_every_cell_at_ten_percent() throws Exception {
        Path data = DataPaths.locate(null, System.getenv(DataPaths.ENV), java.nio.file.Path.of(""));
        NatsBench bench = NatsBench.load(data.resolve("nats-bench/nats_bench.csv"));
        SearchSpace space = Nb201Space.space();
        NatsBench.Dataset ds = NatsBench.Dataset.of("cifar10");
        List<Architecture> tenPercent = new ArrayList<>();
        List<Demonstration> demos = new ArrayList<>();
        for (LabelledArchitecture r : bench.records()) {
            double acc = bench.accuracy(r.architecture(), ds);
            if (Math.abs(acc - 10.0) < 1e-9) {
                tenPercent.add(r.architecture());
            } else if (acc >= 85 && demos.size() < 10) {
                // the first ten good cells in file order: a deterministic, paper-like set of demonstrations
                demos.add(Demonstration.of(space, r.architecture(), acc));
            }
        }
        assertThat(tenPercent).hasSize(341);
        try (LlmPerformancePredictor llm = LlmModels.openAi().baseUrl(server.url("/v1").toString()).apiKey(FAKE_KEY)
                .modelName("perfect").configure().predictorBuilder().space(space).task(TaskDescription.nasBench201(ds))
                .demonstrations(demos).concurrency(4).build()) {
            Map<String, Double> truth = new HashMap<>();
            for (Architecture a : tenPercent) {
                truth.put(llm.prompt(a), bench.accuracy(a, ds));
            }
            answer = r -> {
                String prompt = readTree(r.getBody().readUtf8()).path("messages").get(0).path("content").asText();
                return openAi(String.format(Locale.ROOT, "%.2f", truth.get(prompt)));
            };
            assertThat(llm.expectedRange().contains(10.0)).as("the demonstrations do not reach 10%").isFalse();
            PredictionBatch batch = llm.tryPredictAll(tenPercent);
            assertThat(batch.failures()).isEmpty();
            assertThat(batch.scoresOrNaN()).containsOnly(10.0);
            assertThat(requests).hasSize(341);
            assertThat(llm.usage().parseFailures()).isZero();
            assertThat(llm.usage().unusual()).isEqualTo(341);
            assertThat(llm.usage().toString()).contains("341 scores far outside the demonstrations' range (kept)");
        }
    }

    // ---- secrets ---------------------------------------------------------------------------------------------

    @Test
    void a_bad_key_echoed_partly_masked_by_the_provider_never_shows_a_fragment() {
        String shown = FAKE_KEY.substring(0, 7) + "***************" + FAKE_KEY.substring(FAKE_KEY.length() - 4);
        answer = r -> json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + shown + ". You can find"
                + " your API key at https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\","
                + "\"code\":\"invalid_api_key\"}}");
        try (LlmPerformancePredictor llm = predictor(openAiModel()).build()) {
            assertThatThrownBy(() -> llm.predict(Fixtures.pool(1).get(0))).isInstanceOf(PredictionException.class)
                    .hasMessageContaining("HTTP 401").hasMessageContaining("Incorrect API key provided: [redacted]")
                    .satisfies(e -> {
                        StringBuilder all = new StringBuilder();
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            all.append(t.getMessage()).append(t);
                        }
                        assertThat(all.toString()).doesNotContain(FAKE_KEY.substring(0, 7))
                                .doesNotContain(FAKE_KEY.substring(FAKE_KEY.length() - 4)).doesNotContain("***");
                    });
        }
        Secrets s = Secrets.of("sk-abcdefghijklmnopqrstuvwxyz");
        assertThat(s.mask("Incorrect API key provided: sk-abcd***...wxyz.")).isEqualTo(
                "Incorrect API key provided: [redacted].");
        assertThat(s.mask("key ends in ...qrstuvwxyz")).doesNotContain("qrstuvwxyz");
        assertThat(Secrets.redact("**BLEU: 25.31**")).isEqualTo("**BLEU: 25.31**");
    }

    // ---- providers -------------------------------------------------------------------------------------------

    @Test
    void azure_openai_is_the_openai_client_on_the_v1_endpoint_with_an_api_key_header() throws Exception {
        LlmModels.Configured c = LlmModels.fromVariables(Map.of(LlmModels.AZURE_OPENAI_API_KEY, FAKE_KEY,
                LlmModels.AZURE_OPENAI_ENDPOINT, server.url("/").toString(), LlmModels.AZURE_OPENAI_DEPLOYMENT,
                "gpt-4o-paper"))
                .orElseThrow();
        assertThat(c.provider()).isEqualTo("azure-openai");
        assertThat(c.description()).doesNotContain(FAKE_KEY);
        assertThat(predictor(c).build().predict(Fixtures.pool(1).get(0))).isEqualTo(25.31);
        RecordedRequest r = requests.get(0);
        assertThat(r.getPath()).isEqualTo("/openai/v1/chat/completions");
        assertThat(r.getHeader("api-key")).isEqualTo(FAKE_KEY);
        assertThat(readTree(r.getBody().readUtf8()).path("model").asText()).isEqualTo("gpt-4o-paper");
    }

    @Test
    void anthropic_is_configured_from_the_environment_and_read_through_its_client() throws Exception {
        answer = r -> json(200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\","
                + "\"content\":[{\"type\":\"thinking\",\"thinking\":\"26.1 or 24.2?\",\"signature\":\"x\"},"
                + "{\"type\":\"text\",\"text\":\"BLEU: 25,31\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":100,\"output_tokens\":5}}");
        LlmModels.Configured c = LlmModels.fromVariables(Map.of(LlmModels.ANTHROPIC_API_KEY, FAKE_KEY,
                LlmModels.ANTHROPIC_BASE_URL, server.url("/v1/").toString(), LlmModels.ANTHROPIC_MODEL, "claude-test"))
                .orElseThrow();
        assertThat(c.provider()).isEqualTo("anthropic");
        try (LlmPerformancePredictor llm = predictor(c).build()) {
            assertThat(llm.predict(Fixtures.pool(1).get(0))).isEqualTo(25.31);
            assertThat(llm.usage().inputTokens()).isEqualTo(100);
        }
        RecordedRequest r = requests.get(0);
        assertThat(r.getPath()).isEqualTo("/v1/messages");
        assertThat(r.getHeader("x-api-key")).isEqualTo(FAKE_KEY);
        answer = r2 -> json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        requests.clear();
        try (LlmPerformancePredictor llm = predictor(c).build()) {
            assertThatThrownBy(() -> llm.predict(Fixtures.pool(2).get(1))).hasMessageContaining("HTTP 529")
                    .hasMessageContaining("Overloaded");
        }
        assertThat(requests).hasSize(4);
    }

    @Test
    void gemini_is_configured_from_the_environment_and_read_through_its_client() throws Exception {
        answer = r -> json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"**25.31**\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":100,\"candidatesTokenCount\":5,"
                + "\"totalTokenCount\":105},\"modelVersion\":\"gemini-test\"}");
        LlmModels.Configured c = LlmModels.fromVariables(Map.of(LlmModels.GEMINI_API_KEY, FAKE_KEY,
                LlmModels.GEMINI_BASE_URL, server.url("/v1beta").toString(), LlmModels.GEMINI_MODEL, "gemini-test"))
                .orElseThrow();
        assertThat(c.provider()).isEqualTo("gemini");
        try (LlmPerformancePredictor llm = predictor(c).build()) {
            assertThat(llm.predict(Fixtures.pool(1).get(0))).isEqualTo(25.31);
        }
        RecordedRequest r = requests.get(0);
        assertThat(r.getPath()).startsWith("/v1beta/models/gemini-test:generateContent");
        assertThat(r.getHeader("x-goog-api-key")).isEqualTo(FAKE_KEY);
    }

    @Test
    void the_provider_can_be_chosen_when_several_are_configured_and_a_wrong_choice_is_named() {
        Map<String, String> env = Map.of(LlmModels.OPENAI_API_KEY, FAKE_KEY, LlmModels.GEMINI_API_KEY, FAKE_KEY,
                LlmModels.PROVIDER, "gemini");
        assertThat(LlmModels.fromVariables(env).orElseThrow().provider()).isEqualTo("gemini");
        assertThatThrownBy(() -> LlmModels.fromVariables(Map.of(LlmModels.PROVIDER, "bard")))
                .hasMessageContaining("LLMNAS_LLM_PROVIDER: 'bard' is not one of [openai, azure, anthropic, gemini, ollama]");
        assertThatThrownBy(() -> LlmModels.fromVariables(Map.of(LlmModels.AZURE_OPENAI_API_KEY, FAKE_KEY)))
                .hasMessageContaining("AZURE_OPENAI_ENDPOINT: not set").hasMessageNotContaining(FAKE_KEY);
    }
}
