package dev.llmnas.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds the models of the provider modules, all optional dependencies of {@code llmnas-llm}: a user adds the
 * LangChain4j module of the provider they use. Each provider's code sits in its own nested class, so that the JVM
 * loads (and verifies) it only when that provider is chosen; a missing module surfaces there as a
 * {@link LinkageError}, which {@link #build} turns into one clear line naming the artifact to add.
 */
final class OptionalProviders {
    private OptionalProviders() {
    }

    /**
     * Runs a provider's builder.
     *
     * @throws IllegalStateException naming {@code dev.langchain4j:artifact} when its classes are not on the class
     *                               path
     */
    static ChatModel build(String displayName, String artifact, Supplier<ChatModel> builder) {
        try {
            return builder.get();
        } catch (LinkageError e) {
            throw new IllegalStateException(displayName + " needs dev.langchain4j:" + artifact + " on the class"
                    + " path (an optional dependency of llmnas-llm; add it beside llmnas-llm)", e);
        }
    }

    static final class OpenAi {
        private OpenAi() {
        }

        static ChatModel build(String baseUrl, String apiKey, Map<String, String> headers, String model,
                               Double temperature, Integer maxTokens, Duration timeout) {
            return OpenAiChatModel.builder()
                    .httpClientBuilder(new RetryAfterAwareHttpClientBuilder())
                    .baseUrl(baseUrl)
                    .apiKey(apiKey)
                    .customHeaders(headers)
                    .modelName(model)
                    .temperature(temperature)
                    .maxTokens(maxTokens)
                    .timeout(timeout)
                    .maxRetries(0)
                    .logRequests(false)
                    .logResponses(false)
                    .build();
        }
    }

    static final class Ollama {
        private Ollama() {
        }

        static ChatModel build(String baseUrl, String model, Double temperature, Integer maxTokens, Duration timeout) {
            return OllamaChatModel.builder()
                    .httpClientBuilder(new RetryAfterAwareHttpClientBuilder())
                    .baseUrl(baseUrl)
                    .modelName(model)
                    .temperature(temperature)
                    .numPredict(maxTokens)
                    .timeout(timeout)
                    .maxRetries(0)
                    .logRequests(false)
                    .logResponses(false)
                    .build();
        }
    }

    static final class Anthropic {
        private Anthropic() {
        }

        static ChatModel build(String baseUrl, String apiKey, String model, Double temperature, Integer maxTokens,
                               Duration timeout) {
            return AnthropicChatModel.builder()
                    .httpClientBuilder(new RetryAfterAwareHttpClientBuilder())
                    .baseUrl(baseUrl)
                    .apiKey(apiKey)
                    .modelName(model)
                    .temperature(temperature)
                    .maxTokens(maxTokens == null ? 1024 : maxTokens)
                    .timeout(timeout)
                    .maxRetries(0)
                    .logRequests(false)
                    .logResponses(false)
                    .build();
        }
    }

    static final class Gemini {
        private Gemini() {
        }

        static ChatModel build(String baseUrl, String apiKey, String model, Double temperature, Integer maxTokens,
                               Duration timeout) {
            return GoogleAiGeminiChatModel.builder()
                    .httpClientBuilder(new RetryAfterAwareHttpClientBuilder())
                    .baseUrl(baseUrl)
                    .apiKey(apiKey)
                    .modelName(model)
                    .temperature(temperature)
                    .maxOutputTokens(maxTokens)
                    .timeout(timeout)
                    .maxRetries(0)
                    .logRequests(false)
                    .logResponses(false)
                    .build();
        }
    }
}
