package dev.llmnas.llm;

import static dev.llmnas.llm.Fixtures.FAKE_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.PredictionBatch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API key never appears in a log line, a cache file, an exception or a description. */
class SecretsTest {

    @TempDir
    Path dir;

    @Test
    void no_log_line_cache_line_or_exception_contains_the_key_even_when_the_server_echoes_it() throws Exception {
        Path cache = dir.resolve("cache.jsonl");
        List<Architecture> archs = Fixtures.pool(6);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PredictionBatch batch;
        Throwable thrown;
        try (OpenAiStub stub = Fixtures.stub()) {
            // Every fault a provider can answer with, each echoing the key the way real providers do.
            stub.behaviour(c -> {
                int i = archs.indexOf(c.architecture());
                String echo = "Incorrect API key provided: " + FAKE_KEY + " (header " + c.authorization() + ")";
                return switch (i) {
                    case 0 -> OpenAiStub.status(401, echo);
                    case 1 -> c.forArchitecture() == 1 ? OpenAiStub.status(429, echo).setHeader("Retry-After", "0") : null;
                    case 2 -> OpenAiStub.status(500, echo);
                    case 3 -> OpenAiStub.answer("I cannot share " + FAKE_KEY, c.prompt());
                    case 4 -> OpenAiStub.status(400, "{\"api_key\": \"" + FAKE_KEY + "\"}");
                    default -> null;
                };
            });
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try (LlmPerformancePredictor llm = Fixtures.predictor(stub).cacheFile(cache).maxRetries(1).build()) {
                batch = llm.tryPredictAll(archs);
                thrown = catchThrowable(() -> llm.predictAll(archs));
            } finally {
                System.setErr(original);
            }
            assertThat(stub.calls()).allSatisfy(c -> assertThat(c.authorization()).isEqualTo("Bearer " + FAKE_KEY));
        }
        assertThat(batch.successCount()).isEqualTo(2);
        assertThat(batch.failures()).containsOnlyKeys(0, 2, 3, 4);
        for (var failure : batch.failures().values()) {
            assertThat(everything(failure)).doesNotContain(FAKE_KEY).doesNotContain("9f8e7d6c5b4a");
        }
        assertThat(everything(batch.failures().get(0))).contains("HTTP 401").contains("[redacted]");
        assertThat(thrown).isNotNull();
        assertThat(everything(thrown)).doesNotContain(FAKE_KEY);
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).as("debug logs were captured").contains("HTTP 429");
        assertThat(logs).doesNotContain(FAKE_KEY);
        assertThat(Files.readString(cache)).isNotEmpty().doesNotContain(FAKE_KEY);
    }

    @Test
    void descriptions_of_configured_models_never_contain_the_key() {
        var configured = LlmModels.openAi().apiKey(FAKE_KEY).baseUrl("https://user:pw@example.invalid/v1?key=" + FAKE_KEY)
                .configure();
        assertThat(configured.description()).doesNotContain(FAKE_KEY).doesNotContain("pw").contains("example.invalid");
        assertThat(configured.model().toString()).doesNotContain(FAKE_KEY);
    }

    @Test
    void redaction_masks_registered_keys_bearer_tokens_and_key_like_tokens() {
        Secrets known = Secrets.of("my-very-private-token-123");
        assertThat(known.mask("token my-very-private-token-123 here")).isEqualTo("token [redacted] here");
        assertThat(Secrets.redact("Authorization: Bearer abcdefghijklmnop")).doesNotContain("abcdefghijklmnop");
        assertThat(Secrets.redact("key sk-proj-AbCdEf123456789")).doesNotContain("AbCdEf123456789");
        assertThat(Secrets.redact("\"api_key\": \"zzzzzzzz\"")).doesNotContain("zzzzzzzz");
        assertThat(Secrets.redact("BLEU 25.31 for encoder-embed-dim: 512")).isEqualTo("BLEU 25.31 for encoder-embed-dim: 512");
    }

    /** Message, toString and printed stack trace of the whole cause chain. */
    private static String everything(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        StringBuilder sb = new StringBuilder(w.toString());
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append('\n').append(c.getMessage()).append('\n').append(c);
        }
        return sb.toString();
    }
}
