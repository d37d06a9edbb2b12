package dev.llmnas.study;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.llm.Demonstration;
import dev.llmnas.llm.LlmModels;
import dev.llmnas.llm.LlmPerformancePredictor;
import dev.llmnas.llm.ResponseCache;
import dev.llmnas.llm.TaskDescription;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The LLM answer cache kept in the study database: what every database must give. Two stores on one database
 * stand for two processes (each has its own connection pool).
 */
abstract class AnswerStoreContract {
    private static final String FAKE_KEY = "sk-llmnas-dbcache-7a6b5c4d3e2f1908";

    /** A fresh, empty database for the current test. */
    abstract String url();

    abstract String user();

    abstract String password();

    private DatabaseAnswerStore store() {
        return DatabaseAnswerStore.open(url(), user(), password());
    }

    private static ResponseCache.Entry entry(String key, String reply, Double score) {
        return new ResponseCache.Entry(key, "openai", "gpt-test", 0.0, 0, "arch-" + key, reply, score, 100, 3);
    }

    @Test
    void two_stores_on_one_database_share_answers_and_keep_the_first_answer_per_key() {
        try (DatabaseAnswerStore a = store(); DatabaseAnswerStore b = store()) {
            ResponseCache.Entry first = entry("k1", "24.50", 24.5);
            assertThat(a.putIfAbsent(first)).isEqualTo(first);
            assertThat(b.get("k1")).contains(first);
            assertThat(b.get("k2")).isEmpty();

            ResponseCache.Entry later = entry("k1", "27.00", 27.0);
            assertThat(b.putIfAbsent(later)).isEqualTo(first);
            ResponseCache.Entry noTemperature = new ResponseCache.Entry("k2", "ollama", "llama", null, 2, "",
                    "no score here", null, 0, 0);
            assertThat(b.putIfAbsent(noTemperature)).isEqualTo(noTemperature);

            assertThat(a.get("k1")).contains(first);
            assertThat(a.get("k2")).contains(noTemperature);
            assertThat(a.size()).isEqualTo(2);
            // first appearance is known to the millisecond only, so two models stored at once may come in either order
            assertThat(a.models()).containsExactlyInAnyOrder(new ResponseCache.ModelId("openai", "gpt-test", 0.0),
                    new ResponseCache.ModelId("ollama", "llama", null));
        }
        try (ResponseCache reopened = ResponseCache.over(store())) {
            assertThat(reopened.size()).isEqualTo(2);
            assertThat(reopened.get("k1").map(ResponseCache.Entry::reply)).contains("24.50");
        }
    }

    @Test
    void concurrent_puts_of_the_same_key_from_many_threads_and_two_pools_keep_exactly_one_answer()
            throws Exception {
        int threads = 8;
        int keys = 12;
        try (DatabaseAnswerStore a = store(); DatabaseAnswerStore b = store()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int k = 0; k < keys; k++) {
                    String key = "race-" + k;
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<ResponseCache.Entry>> results = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        DatabaseAnswerStore s = t % 2 == 0 ? a : b;
                        ResponseCache.Entry mine = entry(key, "answer of thread " + t, 20.0 + t);
                        results.add(pool.submit(() -> {
                            start.await();
                            return s.putIfAbsent(mine);
                        }));
                    }
                    start.countDown();
                    Set<ResponseCache.Entry> returned = new HashSet<>();
                    for (Future<ResponseCache.Entry> f : results) {
                        returned.add(f.get());
                    }
                    assertThat(returned).as("answers returned for %s", key).hasSize(1);
                    ResponseCache.Entry kept = returned.iterator().next();
                    assertThat(kept.reply()).startsWith("answer of thread ");
                    assertThat(a.get(key)).contains(kept);
                    assertThat(b.get(key)).contains(kept);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(a.size()).isEqualTo(keys);
            assertThat(b.size()).isEqualTo(keys);
        }
    }

    @Test
    void a_second_predictor_run_over_the_database_makes_no_http_calls_and_stores_no_secret() throws Exception {
        SearchSpace space = HatSpaces.wmt14ende();
        TaskDescription task = TaskDescription.machineTranslation("wmt14ende");
        SplittableRandom random = new SplittableRandom(7);
        List<Demonstration> demos = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            demos.add(Demonstration.of(space, space.sample(random), 20 + i));
        }
        List<Architecture> archs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            archs.add(space.sample(random));
        }
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = openAiServer(requests);
        try {
            String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            double[] first;
            try (ResponseCache cache = ResponseCache.over(store());
                 LlmPerformancePredictor llm = predictor(baseUrl, space, task, demos).cache(cache).build()) {
                first = llm.predictAll(archs);
                assertThat(llm.usage().cacheHits()).isZero();
            }
            assertThat(requests.get()).isEqualTo(archs.size());

            try (ResponseCache cache = ResponseCache.over(store());
                 LlmPerformancePredictor again = predictor(baseUrl, space, task, demos).cache(cache).build()) {
                assertThat(again.predictAll(archs)).containsExactly(first);
                assertThat(again.usage().cacheHits()).isEqualTo(archs.size());
                assertThat(again.usage().calls()).isZero();
            }
            assertThat(requests.get()).as("HTTP requests seen by the server").isEqualTo(archs.size());
        } finally {
            server.stop(0);
        }

        // a reply that echoes the key is redacted before it reaches the database
        try (ResponseCache cache = ResponseCache.over(store())) {
            cache.put(entry("echo", "the key is " + FAKE_KEY, null));
            assertThat(cache.get("echo").orElseThrow().reply()).doesNotContain(FAKE_KEY);
        }
        String everything = dumpAnswerTable();
        assertThat(everything).contains("openai").doesNotContain(FAKE_KEY).doesNotContain("Bearer")
                .doesNotContain("GFLOPs");
        if (password() != null) {
            assertThat(everything).doesNotContain(password());
        }
    }

    private static LlmPerformancePredictor.Builder predictor(String baseUrl, SearchSpace space, TaskDescription task,
                                                            List<Demonstration> demos) {
        return LlmPerformancePredictor.builder()
                .chatModel(LlmModels.openAi().baseUrl(baseUrl).apiKey(FAKE_KEY).modelName("test-model")
                        .timeout(Duration.ofSeconds(30)).build())
                .space(space).task(task).demonstrations(demos);
    }

    /** Every value of every row of the answer table, as text. */
    private String dumpAnswerTable() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (StudyDatabase db = StudyDatabase.open(url(), user(), password(), false);
             Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM llm_answer")) {
            ResultSetMetaData meta = r.getMetaData();
            while (r.next()) {
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    sb.append(r.getString(i)).append('\t');
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * A local server speaking the OpenAI chat-completions protocol: answers a score that depends on the prompt,
     * and counts requests.
     */
    private static HttpServer openAiServer(AtomicInteger requests) throws IOException {
        ObjectMapper json = new ObjectMapper();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            requests.incrementAndGet();
            String prompt;
            try (InputStream in = exchange.getRequestBody()) {
                var messages = json.readTree(in.readAllBytes()).path("messages");
                prompt = messages.get(messages.size() - 1).path("content").asText();
            }
            String content = String.format(Locale.ROOT, "%.2f", 20 + Math.floorMod(prompt.hashCode(), 1000) / 100.0);
            ObjectNode root = json.createObjectNode();
            root.put("id", "chatcmpl-test");
            root.put("object", "chat.completion");
            root.put("created", 1_700_000_000L);
            root.put("model", "test-model");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", content);
            choice.put("finish_reason", "stop");
            root.putObject("usage").put("prompt_tokens", prompt.length() / 4).put("completion_tokens", 2)
                    .put("total_tokens", prompt.length() / 4 + 2);
            byte[] body = root.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
