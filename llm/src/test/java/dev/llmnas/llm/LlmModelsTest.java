package dev.llmnas.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.Architecture;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class LlmModelsTest {

    @Test
    void no_variables_means_no_model() {
        assertThat(LlmModels.fromVariables(Map.of())).isEmpty();
    }

    @Test
    void openai_variables_configure_an_openai_compatible_model_that_really_answers() throws Exception {
        Architecture a = Fixtures.pool(1).get(0);
        try (OpenAiStub stub = Fixtures.stub()) {
            var configured = LlmModels.fromVariables(Map.of(LlmModels.OPENAI_BASE_URL, stub.baseUrl(),
                    LlmModels.OPENAI_MODEL, "local-model", LlmModels.TEMPERATURE, "0.2", LlmModels.MAX_TOKENS, "16"))
                    .orElseThrow();
            assertThat(configured.provider()).isEqualTo("openai");
            assertThat(configured.modelName()).isEqualTo("local-model");
            assertThat(configured.temperature()).isEqualTo(0.2);
            assertThat(configured.description()).contains("local-model", "(no key)", "temperature 0.2", "max tokens 16");
            try (LlmPerformancePredictor llm = configured.predictorBuilder().space(Fixtures.SPACE).task(Fixtures.TASK)
                    .demonstrations(Fixtures.DEMOS).build()) {
                assertThat(llm.predict(a)).isEqualTo(Fixtures.oracle(a));
                assertThat(llm.provider()).isEqualTo("openai");
                assertThat(llm.modelName()).isEqualTo("local-model");
                LlmProvenance p = llm.provenance();
                assertThat(p.values()).containsEntry("model", "local-model").containsEntry("temperature", "0.2")
                        .containsEntry("task", "wmt14ende").containsEntry("demonstrations", "10")
                        .containsEntry("provider", "openai");
                assertThat(p.temperature()).isEqualTo(0.2);
                assertThat(p.demonstrations()).hasSize(10);
                assertThat(p.demonstrations().get(0).architecture()).isEqualTo(Fixtures.DEMOS.get(0).architecture().key());
                assertThat(p.recorded().nested().get("demonstrations").values()).hasSize(10);
                assertThat(p.llmnasVersion()).as("one version source for every module")
                        .isEqualTo(dev.llmnas.core.LlmnasVersion.get()).isNotEqualTo("development");
            }
        }
    }

    @Test
    void identifiers_for_cache_keys_are_read_from_the_chat_model_when_not_given() throws Exception {
        try (OpenAiStub stub = Fixtures.stub();
             LlmPerformancePredictor llm = Fixtures.predictor(stub).build()) {
            assertThat(llm.provider()).isEqualTo("openai");
            assertThat(llm.modelName()).isEqualTo("test-model");
            assertThat(llm.temperature()).contains(0.0);
        }
    }

    @Test
    void ollama_variables_configure_an_ollama_model_that_really_answers() throws Exception {
        ObjectMapper json = new ObjectMapper();
        AtomicReference<String> path = new AtomicReference<>();
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    path.set(request.getPath());
                    var body = json.createObjectNode();
                    body.put("model", "llama3.1");
                    body.put("created_at", "2024-01-01T00:00:00Z");
                    body.putObject("message").put("role", "assistant").put("content", "BLEU: 24.75");
                    body.put("done", true);
                    body.put("done_reason", "stop");
                    body.put("prompt_eval_count", 321);
                    body.put("eval_count", 5);
                    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body.toString());
                }
            });
            server.start();
            String url = server.url("/").toString();
            var configured = LlmModels.fromVariables(Map.of(LlmModels.OLLAMA_BASE_URL, url.substring(0, url.length() - 1)))
                    .orElseThrow();
            assertThat(configured.provider()).isEqualTo("ollama");
            assertThat(configured.modelName()).isEqualTo(LlmModels.DEFAULT_OLLAMA_MODEL);
            try (LlmPerformancePredictor llm = configured.predictorBuilder().space(Fixtures.SPACE).task(Fixtures.TASK)
                    .demonstrations(Fixtures.DEMOS).build()) {
                assertThat(llm.predict(Fixtures.pool(1).get(0))).isEqualTo(24.75);
                assertThat(llm.usage().inputTokens()).isEqualTo(321);
                assertThat(llm.usage().outputTokens()).isEqualTo(5);
            }
            assertThat(path.get()).isEqualTo("/api/chat");
        }
    }

    @Test
    void malformed_settings_name_the_variable_and_the_value() {
        assertThatThrownBy(() -> LlmModels.fromVariables(Map.of(LlmModels.OPENAI_API_KEY, Fixtures.FAKE_KEY,
                LlmModels.TEMPERATURE, "warm"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LLMNAS_LLM_TEMPERATURE: 'warm' is not a number");
        assertThatThrownBy(() -> LlmModels.fromVariables(Map.of(LlmModels.OLLAMA_MODEL, "m",
                LlmModels.MAX_TOKENS, "many"))).hasMessageContaining("LLMNAS_LLM_MAX_TOKENS: 'many'");
        assertThatThrownBy(() -> LlmModels.openAi().temperature(3.0)).hasMessageContaining("temperature: 3.0");
        assertThatThrownBy(() -> LlmModels.openAi().baseUrl("ftp://x")).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> LlmModels.openAi().build()).hasMessageContaining("OPENAI_API_KEY: not set");
    }

    @Test
    void out_of_range_settings_name_the_environment_variable_not_the_builder_field() {
        Map<String, Map<String, String>> cases = Map.of(
                "LLMNAS_LLM_TEMPERATURE: -3 is not in [0, 2]", Map.of(LlmModels.TEMPERATURE, "-3"),
                "LLMNAS_LLM_MAX_TOKENS: -5 must be a whole number of at least 1", Map.of(LlmModels.MAX_TOKENS, "-5"),
                "LLMNAS_LLM_MAX_TOKENS: 99999999999 must be a whole number of at least 1",
                Map.of(LlmModels.MAX_TOKENS, "99999999999"),
                "LLMNAS_LLM_TIMEOUT_SECONDS: 0 must be a positive number of seconds",
                Map.of(LlmModels.TIMEOUT_SECONDS, "0"));
        cases.forEach((message, settings) -> {
            Map<String, String> env = new java.util.HashMap<>(settings);
            env.put(LlmModels.OPENAI_API_KEY, Fixtures.FAKE_KEY);
            assertThatThrownBy(() -> LlmModels.fromVariables(env)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(message);
        });
    }

    @Test
    void a_base_url_that_is_not_http_names_the_variable_and_never_shows_a_value_that_may_be_secret() {
        assertThatThrownBy(() -> LlmModels.fromVariables(Map.of(LlmModels.OPENAI_BASE_URL, "not a url")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OPENAI_BASE_URL: the value (not shown) is not an http(s) URL: it must start with http://"
                        + " or https://");
        assertThatThrownBy(() -> LlmModels.fromVariables(Map.of(LlmModels.OPENAI_BASE_URL, Fixtures.FAKE_KEY)))
                .hasMessageNotContaining(Fixtures.FAKE_KEY).hasMessageStartingWith("OPENAI_BASE_URL: ");
        assertThatThrownBy(() -> LlmModels.fromVariables(Map.of(LlmModels.OLLAMA_BASE_URL,
                "ftp://user:pw@host:21/x?token=1"))).hasMessage("OLLAMA_BASE_URL: 'ftp://host:21/x' is not an http(s)"
                + " URL: it must start with http:// or https://");
        assertThatThrownBy(() -> LlmModels.openAi().baseUrl("not a url")).hasMessageStartingWith("baseUrl: the value");
    }

    @Test
    void the_environment_description_never_shows_the_key_and_says_how_to_configure() {
        String d = LlmModels.describeEnvironment();
        assertThat(d).isNotBlank();
        if (LlmModels.configuredFromEnvironment().isEmpty()) {
            // read after "no LLM is configured; "
            assertThat(d).startsWith("set OPENAI_API_KEY").isEqualTo(LlmModels.HOW_TO_CONFIGURE);
        }
        String key = System.getenv(LlmModels.OPENAI_API_KEY);
        if (key != null && !key.isBlank()) {
            assertThat(d).doesNotContain(key);
        }
    }

    @Test
    void retry_after_is_read_as_seconds_or_as_an_http_date() {
        ZonedDateTime now = ZonedDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        assertThat(RetryAfterAwareHttpClientBuilder.parseRetryAfter("7", now)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfterAwareHttpClientBuilder.parseRetryAfter("0.5", now)).contains(Duration.ofMillis(500));
        assertThat(RetryAfterAwareHttpClientBuilder.parseRetryAfter("Wed, 01 May 2024 12:00:30 GMT", now))
                .contains(Duration.ofSeconds(30));
        assertThat(RetryAfterAwareHttpClientBuilder.parseRetryAfter("soon", now)).isEmpty();
        assertThat(RetryAfterAwareHttpClientBuilder.parseRetryAfter(null, now)).isEmpty();
    }

    @Test
    void backoff_settings_are_validated() {
        assertThatThrownBy(() -> new BackoffPolicy(-1, Duration.ZERO, Duration.ZERO, 2, 0, Duration.ZERO))
                .hasMessageContaining("maxRetries: -1");
        assertThatThrownBy(() -> new BackoffPolicy(1, Duration.ZERO, Duration.ZERO, 2, 1.5, Duration.ZERO))
                .hasMessageContaining("jitter: 1.5");
    }
}
