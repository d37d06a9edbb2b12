package dev.llmnas.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import java.time.Duration;

/**
 * Builds the models of the optional provider modules. Kept apart so that {@link LlmModels} loads without them:
 * this class is only touched when such a provider is chosen, and a missing module surfaces as a
 * {@link LinkageError} there.
 */
final class OptionalProviders {
    private OptionalProviders() {
    }

    static ChatModel anthropic(String baseUrl, String apiKey, String model, Double temperature, Integer maxTokens,
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

    static ChatModel gemini(String baseUrl, String apiKey, String model, Double temperature, Integer maxTokens,
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
