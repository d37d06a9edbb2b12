package dev.llmnas.examples.cli;

import dev.llmnas.llm.LlmModels;
import dev.llmnas.llm.LlmPerformancePredictor;
import dev.llmnas.llm.ResponseCache;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** How commands find their LLM: the environment (with command-line overrides) or, replaying, a cache. */
final class LlmSetup {
    private LlmSetup() {
    }

    /** The model from the environment, with {@code baseUrl} and {@code model} overrides (either may be null). */
    static Optional<LlmModels.Configured> configured(String baseUrl, String model) {
        return configured(System.getenv(), baseUrl, model);
    }

    /** As {@link #configured(String, String)}, reading {@code environment} instead of the process's. */
    static Optional<LlmModels.Configured> configured(Map<String, String> environment, String baseUrl, String model) {
        Map<String, String> env = new HashMap<>(environment);
        if (baseUrl != null && !baseUrl.trim().toLowerCase(java.util.Locale.ROOT).matches("https?://.+")) {
            // the library names the variable the value is put in, and hides it; the user typed it here
            throw new IllegalArgumentException("--base-url: '" + baseUrl + "' is not an http(s) URL; it must start"
                    + " with http:// or https://, e.g. http://localhost:8000/v1");
        }
        if (baseUrl != null) {
            env.put(LlmModels.OPENAI_BASE_URL, baseUrl);
        }
        Optional<LlmModels.Configured> found = LlmModels.fromVariables(env);
        if (found.isEmpty() || model == null) {
            return found;
        }
        // --model overrides the model variable of the provider the environment selected.
        String variable = switch (found.get().provider()) {
            case "openai" -> LlmModels.OPENAI_MODEL;
            case "azure-openai" -> LlmModels.AZURE_OPENAI_DEPLOYMENT;
            case "anthropic" -> LlmModels.ANTHROPIC_MODEL;
            case "gemini" -> LlmModels.GEMINI_MODEL;
            default -> LlmModels.OLLAMA_MODEL;
        };
        env.put(variable, model);
        return LlmModels.fromVariables(env);
    }

    /** With no model configured, the only model the cache holds (or the one {@code model} names). */
    static ResponseCache.ModelId replayIdentity(ResponseCache answers, Path cacheFile, String model) {
        var ids = answers.models().stream().filter(i -> model == null || i.model().equals(model)).toList();
        if (ids.size() == 1) {
            return ids.get(0);
        }
        throw new IllegalArgumentException("--replay-only: cache " + cacheFile + " holds " + (ids.isEmpty()
                ? "no answers" : "answers of " + ids.size() + " models " + ids.stream()
                .map(i -> i.provider() + "/" + i.model()).toList()) + (model == null ? "" : " named " + model)
                + "; name one with --model (or configure the model)");
    }

    /**
     * Points a predictor builder at the configured model, or at the cache's model when replaying.
     *
     * @return a one-line description of the model for the log
     */
    static String apply(LlmPerformancePredictor.Builder b, Optional<LlmModels.Configured> configured,
                        ResponseCache answers, Path cacheFile, String model) {
        if (configured.isPresent()) {
            LlmModels.Configured c = configured.get();
            c.applyTo(b);
            return c.description();
        }
        ResponseCache.ModelId id = replayIdentity(answers, cacheFile, model);
        b.provider(id.provider()).modelName(id.model()).temperature(id.temperature());
        return "replaying " + id.provider() + "/" + id.model() + " from " + cacheFile;
    }
}
