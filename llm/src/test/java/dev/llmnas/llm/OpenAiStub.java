package dev.llmnas.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.SearchSpace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * An in-process server speaking the OpenAI chat-completions protocol for the real LangChain4j client. It checks
 * every prompt (the expected demonstrations are present, the test architecture comes last and the prompt
 * ends with the metric label), reads the test architecture back through the search space, and answers with
 * an oracle's score for it, with token usage. Tests inject faults through {@link #behaviour}.
 */
final class OpenAiStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the stub saw it. */
    record Call(int number, int forArchitecture, Architecture architecture, String prompt, String authorization) {
    }

    private final MockWebServer server = new MockWebServer();
    private final SearchSpace space;
    private final String metric;
    private final String efficiencyLabel;
    private final List<String> demonstrationBlocks;
    private final ToDoubleFunction<Architecture> oracle;
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<Architecture, AtomicInteger> perArchitecture = new ConcurrentHashMap<>();
    private final List<String> checkFailures = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Function<Call, MockResponse> behaviour = c -> null;

    /**
     * @param demonstrationBlocks the text each demonstration must appear as in the prompt
     * @param oracle              the score the stub answers for an architecture
     */
    OpenAiStub(SearchSpace space, TaskDescription task, List<String> demonstrationBlocks,
               ToDoubleFunction<Architecture> oracle) throws IOException {
        this.space = space;
        this.metric = task.metricName();
        this.efficiencyLabel = task.hasEfficiency() ? task.efficiencyLabel() : null;
        this.demonstrationBlocks = List.copyOf(demonstrationBlocks);
        this.oracle = oracle;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return handle(request);
            }
        });
        server.start();
    }

    /** The base URL for LangChain4j ({@code http://host:port/v1}). */
    String baseUrl() {
        return server.url("/v1").toString();
    }

    /** Sets what to answer instead of the oracle: return {@code null} to answer normally. */
    void behaviour(Function<Call, MockResponse> b) {
        this.behaviour = b;
    }

    int requests() {
        return requests.get();
    }

    int requestsFor(Architecture a) {
        AtomicInteger n = perArchitecture.get(space.canonicalize(a));
        return n == null ? 0 : n.get();
    }

    Map<Architecture, AtomicInteger> perArchitecture() {
        return perArchitecture;
    }

    List<String> checkFailures() {
        return checkFailures;
    }

    List<Call> calls() {
        return calls;
    }

    private MockResponse handle(RecordedRequest request) {
        int number = requests.incrementAndGet();
        String prompt;
        try {
            JsonNode body = JSON.readTree(request.getBody().readUtf8());
            JsonNode messages = body.path("messages");
            prompt = messages.get(messages.size() - 1).path("content").asText();
        } catch (IOException | RuntimeException e) {
            checkFailures.add("request " + number + ": unreadable body " + e);
            return new MockResponse().setResponseCode(400).setBody("{\"error\":{\"message\":\"bad body\"}}");
        }
        Architecture arch;
        try {
            arch = testArchitecture(prompt);
        } catch (RuntimeException e) {
            checkFailures.add("request " + number + ": " + e.getMessage());
            return new MockResponse().setResponseCode(400).setBody("{\"error\":{\"message\":\"prompt check failed\"}}");
        }
        for (String block : demonstrationBlocks) {
            if (!prompt.contains(block + "\n\n")) {
                checkFailures.add("request " + number + ": demonstration missing:\n" + block);
            }
        }
        int forArch = perArchitecture.computeIfAbsent(arch, k -> new AtomicInteger()).incrementAndGet();
        Call call = new Call(number, forArch, arch, prompt, request.getHeader("Authorization"));
        calls.add(call);
        MockResponse custom = behaviour.apply(call);
        if (custom != null) {
            return custom;
        }
        return answer(String.format(Locale.ROOT, "%.2f", oracle.applyAsDouble(arch)), prompt);
    }

    /** Reads the test architecture from the end of a prompt: its lines, the efficiency line, "metric:". */
    private Architecture testArchitecture(String prompt) {
        if (!prompt.endsWith("\n" + metric + ":")) {
            throw new IllegalStateException("prompt does not end with '" + metric + ":'");
        }
        String tail = prompt.substring(prompt.lastIndexOf("\n\n") + 2);
        List<String> lines = new ArrayList<>(Arrays.asList(tail.split("\n")));
        lines.remove(lines.size() - 1);
        if (efficiencyLabel != null) {
            String eff = lines.remove(lines.size() - 1);
            if (!eff.startsWith(efficiencyLabel + ": ")) {
                throw new IllegalStateException("test architecture has no '" + efficiencyLabel + "' line: " + eff);
            }
        }
        return space.parse(lines);
    }

    /** A chat-completions answer with usage. */
    static MockResponse answer(String content, String prompt) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-test");
        root.put("object", "chat.completion");
        root.put("created", 1_700_000_000L);
        root.put("model", "test-model");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        int in = prompt.length() / 4;
        int out = Math.max(1, content.length() / 4);
        root.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(root.toString());
    }

    static int promptTokens(String prompt) {
        return prompt.length() / 4;
    }

    static MockResponse status(int code, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("message", message).put("type", "test").put("code", code);
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(root.toString());
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
